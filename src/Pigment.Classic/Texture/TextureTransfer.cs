using Pigment.Classic.Imaging;
using Pigment.Core;

namespace Pigment.Classic.Texture;

/// <summary>
/// Texture transfer (Efros &amp; Freeman 2001, §3): quilting in which each block must also resemble the target image.
/// A candidate's error is
/// <code>
/// E = α · E_texture / σ²_texture + (1 − α) · E_correspondence / σ²_correspondence
/// </code>
/// where E_correspondence is the mean squared difference between the candidate's blurred luminance and the target's
/// under the block (σ² its variance over the sample, so α weighs comparable quantities), and E_texture is the mean squared overlap error of quilting; from the second pass on,
/// E_texture covers the whole block, compared with the previous pass's result there (and with the blocks already
/// placed in this pass within the overlap). Several passes with shrinking blocks and rising α refine the result.
/// The target's luminance is first matched to the sample's mean and standard deviation (as in Hertzmann et al.'s
/// image analogies), so a dark sample can still follow a bright target.
/// </summary>
public static class TextureTransfer
{
    public static FloatImage Transfer(FloatImage sample, FloatImage target, TransferOptions options, IProgress<double>? progress = null)
    {
        options.Validate(sample, target);
        var random = new Random(Seeds.Mix(options.Seed));
        // The correspondence map: blurred luminance, so blocks are matched on local brightness, not on grain.
        double blur = options.CorrespondenceBlur;
        var sampleLuma = GaussianBlur.Apply(sample.Luminance(), blur);
        var targetLuma = MatchStatistics(GaussianBlur.Apply(target.Luminance(), blur), sampleLuma);
        int width = target.Width, height = target.Height;
        // Each term is divided by its variance over the sample, so α weighs comparable, scale-free quantities
        // (blurred luminance varies far less than the texture itself).
        double textureVariance = Math.Max(1e-6, MeanStd(sample.Data).Std * MeanStd(sample.Data).Std);
        double lumaVariance = Math.Max(1e-6, MeanStd(sampleLuma.Data).Std * MeanStd(sampleLuma.Data).Std);

        // Total work in blocks, for progress.
        var plan = Enumerable.Range(1, options.Passes).Select(p =>
        {
            int b = options.BlockOfPass(p), o = QuiltingOptions.DefaultOverlap(b);
            return (Block: b, Overlap: o, Nx: ImageQuilting.BlocksAcross(width, b, o), Ny: ImageQuilting.BlocksAcross(height, b, o));
        }).ToList();
        double totalBlocks = plan.Sum(p => (double)p.Nx * p.Ny), doneBlocks = 0;

        FloatImage? previous = null;
        for (int pass = 1; pass <= options.Passes; pass++)
        {
            var (b, o, nx, ny) = plan[pass - 1];
            int step = b - o, canvasWidth = nx * step + o, canvasHeight = ny * step + o;
            float alpha = (float)options.AlphaOfPass(pass);
            var canvas = new QuiltCanvas(canvasWidth, canvasHeight, sample.Channels);
            var lumaTarget = ExtendEdges(targetLuma, canvasWidth, canvasHeight);
            var previousCanvas = previous is null ? null : ExtendEdges(previous, canvasWidth, canvasHeight);
            var search = new PatchSearch(sample, b);
            var lumaSearch = new PatchSearch(sampleLuma, b);
            var errors = new float[search.CandidateCount];
            var lumaBlock = new float[b * b];
            var wholeBlock = new List<BlockRect> { new(0, 0, b, b) };

            for (int j = 0; j < ny; j++)
            {
                for (int i = 0; i < nx; i++)
                {
                    int x = i * step, y = j * step;
                    int left = i > 0 ? o : 0, top = j > 0 ? o : 0;
                    Array.Clear(errors);

                    // α · E_texture: the overlap in pass 1; the whole block (previous pass, overlap from this pass) later.
                    var template = canvas.Template(x, y, b);
                    var overlap = ImageQuilting.OverlapRects(b, left, top);
                    var rects = overlap;
                    if (previousCanvas is not null)
                    {
                        var earlier = new float[template.Length];
                        QuiltCanvas.CopyBlock(previousCanvas, x, y, b, earlier);
                        foreach (var r in overlap)
                            CopyRect(template, earlier, r, b, sample.Channels);
                        template = earlier;
                        rects = wholeBlock;
                    }
                    if (rects.Count > 0 && alpha > 0)
                        search.AddSsd(template, rects, (float)(alpha / (rects.Sum(r => r.Area) * sample.Channels * textureVariance)), errors);

                    // (1 − α) · E_correspondence on luminance over the whole block.
                    if (alpha < 1)
                    {
                        QuiltCanvas.CopyBlock(lumaTarget, x, y, b, lumaBlock);
                        lumaSearch.AddSsd(lumaBlock, wholeBlock, (float)((1 - alpha) / (b * b * lumaVariance)), errors);
                    }

                    int pick = rects.Count == 0 && alpha >= 1
                        ? random.Next(search.CandidateCount)
                        : CandidatePicker.Pick(errors, options.Tolerance, 1e-6, random, out _);
                    canvas.Place(sample, pick % search.CandidatesX, pick / search.CandidatesX, x, y, b, left, top);
                    progress?.Report(++doneBlocks / totalBlocks);
                }
            }
            previous = canvas.Image.Crop(0, 0, width, height);
        }
        return previous!;
    }

    /// <summary>
    /// Luminance remapping: y ↦ (y − μ_t) σ_s / σ_t + μ_s, so the target's luminance has the sample's mean and
    /// spread (a flat target is set to the sample's mean).
    /// </summary>
    internal static FloatImage MatchStatistics(FloatImage target, FloatImage sample)
    {
        var (mt, st) = MeanStd(target.Data);
        var (ms, ss) = MeanStd(sample.Data);
        var result = new FloatImage(target.Width, target.Height, 1);
        for (int i = 0; i < target.Data.Length; i++)
            result.Data[i] = (float)(st > 1e-6 ? (target.Data[i] - mt) * ss / st + ms : ms);
        return result;
    }

    private static (double Mean, double Std) MeanStd(float[] values)
    {
        double sum = 0, squares = 0;
        foreach (var v in values)
        {
            sum += v;
            squares += (double)v * v;
        }
        double mean = sum / values.Length;
        return (mean, Math.Sqrt(Math.Max(0, squares / values.Length - mean * mean)));
    }

    /// <summary>The image grown to width × height by repeating its last column and row (the canvas overhangs the target).</summary>
    private static FloatImage ExtendEdges(FloatImage image, int width, int height)
    {
        var result = new FloatImage(width, height, image.Channels);
        for (int c = 0; c < image.Channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                int sy = Math.Min(y, image.Height - 1);
                for (int x = 0; x < width; x++)
                    result[x, y, c] = image[Math.Min(x, image.Width - 1), sy, c];
            }
        }
        return result;
    }

    private static void CopyRect(float[] from, float[] to, BlockRect r, int block, int channels)
    {
        for (int c = 0; c < channels; c++)
        {
            for (int y = r.Y; y < r.Y + r.Height; y++)
                Array.Copy(from, (c * block + y) * block + r.X, to, (c * block + y) * block + r.X, r.Width);
        }
    }
}
