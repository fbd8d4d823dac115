using Pigment.Classic.Imaging;

namespace Pigment.Classic.Texture;

/// <summary>
/// The image being quilted: blocks are pasted in raster order, each joined to what is already there along the
/// minimum-error boundary cut of its left overlap (a vertical path), its top overlap (a horizontal path), or both
/// for an L-shaped overlap (a pixel takes the new block only when it lies past both paths).
/// </summary>
internal sealed class QuiltCanvas(int width, int height, int channels)
{
    public FloatImage Image { get; } = new(width, height, channels);

    /// <summary>The canvas block at (x, y), B × B, CHW, for <see cref="PatchSearch.AddSsd"/>.</summary>
    public float[] Template(int x, int y, int block)
    {
        var t = new float[Image.Channels * block * block];
        CopyBlock(Image, x, y, block, t);
        return t;
    }

    /// <summary>Copies a B × B block of <paramref name="source"/> at (x, y) into a CHW buffer.</summary>
    public static void CopyBlock(FloatImage source, int x, int y, int block, float[] destination)
    {
        for (int c = 0; c < source.Channels; c++)
        {
            for (int r = 0; r < block; r++)
                source.Data.AsSpan(c * source.PlaneSize + (y + r) * source.Width + x, block).CopyTo(destination.AsSpan((c * block + r) * block, block));
        }
    }

    /// <summary>
    /// Pastes the sample's block at (sx, sy) onto the canvas at (x, y), cut along the minimum-error boundary in the
    /// left overlap of width <paramref name="left"/> and the top overlap of height <paramref name="top"/> (0 = none).
    /// </summary>
    public void Place(FloatImage sample, int sx, int sy, int x, int y, int block, int left, int top)
    {
        int channels = Image.Channels;
        int[]? vertical = null, horizontal = null;
        if (left > 0)
            vertical = BoundaryCut.VerticalPath(SquaredDifference(sample, sx, sy, x, y, left, block), block, left);
        if (top > 0)
            horizontal = BoundaryCut.HorizontalPath(SquaredDifference(sample, sx, sy, x, y, block, top), top, block);
        for (int r = 0; r < block; r++)
        {
            for (int k = 0; k < block; k++)
            {
                // Pixels before a path keep the old block; the path and everything after it take the new one.
                bool takeNew = (vertical is null || k >= vertical[r]) && (horizontal is null || r >= horizontal[k]);
                if (!takeNew)
                    continue;
                for (int c = 0; c < channels; c++)
                    Image[x + k, y + r, c] = sample[sx + k, sy + r, c];
            }
        }
    }

    /// <summary>e(i, j) = Σ_c (new − old)² over the first <paramref name="cols"/> × <paramref name="rows"/> of the block.</summary>
    private float[] SquaredDifference(FloatImage sample, int sx, int sy, int x, int y, int cols, int rows)
    {
        var e = new float[rows * cols];
        for (int c = 0; c < Image.Channels; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int k = 0; k < cols; k++)
                {
                    float d = sample[sx + k, sy + r, c] - Image[x + k, y + r, c];
                    e[r * cols + k] += d * d;
                }
            }
        }
        return e;
    }
}
