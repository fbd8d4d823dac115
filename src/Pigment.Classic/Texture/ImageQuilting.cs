using Pigment.Classic.Imaging;
using Pigment.Core;

namespace Pigment.Classic.Texture;

/// <summary>
/// Image quilting (Efros &amp; Freeman 2001, "Image Quilting for Texture Synthesis and Transfer"). Blocks of B × B are
/// laid in raster order with step B − O; for each, the overlap error with what is already placed is computed for
/// every block position of the sample at once (<see cref="PatchSearch"/>), one is chosen at random among those
/// within (1 + ε) of the best, and it is joined along the minimum-error boundary cut (<see cref="BoundaryCut"/>).
/// </summary>
public static class ImageQuilting
{
    public static FloatImage Synthesize(FloatImage sample, QuiltingOptions options, IProgress<double>? progress = null)
    {
        options.Validate(sample);
        var random = new Random(Seeds.Mix(options.Seed));
        int b = options.Block, o = options.EffectiveOverlap, step = b - o;
        int nx = BlocksAcross(options.Width, b, o), ny = BlocksAcross(options.Height, b, o);
        var canvas = new QuiltCanvas(nx * step + o, ny * step + o, sample.Channels);
        var search = new PatchSearch(sample, b);
        var errors = new float[search.CandidateCount];
        for (int j = 0; j < ny; j++)
        {
            for (int i = 0; i < nx; i++)
            {
                int x = i * step, y = j * step;
                int left = i > 0 ? o : 0, top = j > 0 ? o : 0;
                var rects = OverlapRects(b, left, top);
                int pick;
                if (rects.Count == 0)
                {
                    pick = random.Next(search.CandidateCount);
                }
                else
                {
                    Array.Clear(errors);
                    int count = rects.Sum(r => r.Area) * sample.Channels;
                    // Mean squared error over the overlap, so the slack below is on a fixed scale.
                    search.AddSsd(canvas.Template(x, y, b), rects, 1f / count, errors);
                    pick = CandidatePicker.Pick(errors, options.Tolerance, 1e-6, random, out _);
                }
                canvas.Place(sample, pick % search.CandidatesX, pick / search.CandidatesX, x, y, b, left, top);
                progress?.Report((j * nx + i + 1) / (double)(nx * ny));
            }
        }
        return canvas.Image.Crop(0, 0, options.Width, options.Height);
    }

    /// <summary>How many blocks of step B − O cover n pixels: ⌈(n − O) / (B − O)⌉, at least 1.</summary>
    internal static int BlocksAcross(int n, int block, int overlap) =>
        n <= block ? 1 : (int)Math.Ceiling((n - overlap) / (double)(block - overlap));

    /// <summary>
    /// The overlap region of a block as disjoint rectangles: the left strip (O × B), and the top strip without the
    /// corner the left strip already covers, so an L-shaped overlap counts each pixel once.
    /// </summary>
    internal static List<BlockRect> OverlapRects(int block, int left, int top)
    {
        var rects = new List<BlockRect>(2);
        if (left > 0)
            rects.Add(new BlockRect(0, 0, left, block));
        if (top > 0 && block > left)
            rects.Add(new BlockRect(left, 0, block - left, top));
        return rects;
    }
}
