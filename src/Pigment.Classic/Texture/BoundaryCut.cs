namespace Pigment.Classic.Texture;

/// <summary>
/// The minimum-error boundary cut of image quilting (Efros &amp; Freeman 2001, §2.1): through the squared difference
/// e of two overlapping blocks, the 8-connected path from one side of the overlap to the other with the least total
/// error, found by dynamic programming:
/// <code>
/// E(i, j) = e(i, j) + min(E(i−1, j−1), E(i−1, j), E(i−1, j+1))
/// </code>
/// and traced back from the smallest E in the last row. Pixels before the path keep the old block; the path and
/// the pixels after it take the new one.
/// </summary>
public static class BoundaryCut
{
    /// <summary>
    /// The top-to-bottom path through a rows × cols error grid (row-major): for each row, the column of the path.
    /// Consecutive columns differ by at most 1. Ties go to the smaller column.
    /// </summary>
    public static int[] VerticalPath(ReadOnlySpan<float> error, int rows, int cols)
    {
        if (rows < 1 || cols < 1 || error.Length < rows * cols)
            throw new ArgumentException($"An error grid of {rows}x{cols} needs {rows * cols} values, got {error.Length}.", nameof(error));
        // Cumulative error in double, so the comparison against brute force is exact for float inputs of any range.
        var total = new double[rows * cols];
        for (int j = 0; j < cols; j++)
            total[j] = error[j];
        for (int i = 1; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double best = total[(i - 1) * cols + j];
                if (j > 0)
                    best = Math.Min(best, total[(i - 1) * cols + j - 1]);
                if (j < cols - 1)
                    best = Math.Min(best, total[(i - 1) * cols + j + 1]);
                total[i * cols + j] = error[i * cols + j] + best;
            }
        }
        var path = new int[rows];
        int col = 0;
        for (int j = 1; j < cols; j++)
        {
            if (total[(rows - 1) * cols + j] < total[(rows - 1) * cols + col])
                col = j;
        }
        path[rows - 1] = col;
        for (int i = rows - 2; i >= 0; i--)
        {
            // Step back to the predecessor that gave the minimum (smallest column on ties).
            int from = col, lo = Math.Max(0, col - 1), hi = Math.Min(cols - 1, col + 1);
            for (int j = lo; j <= hi; j++)
            {
                if (total[i * cols + j] < total[i * cols + from] || (total[i * cols + j] == total[i * cols + from] && j < from))
                    from = j;
            }
            col = from;
            path[i] = col;
        }
        return path;
    }

    /// <summary>The left-to-right path through a rows × cols error grid: for each column, the row of the path.</summary>
    public static int[] HorizontalPath(ReadOnlySpan<float> error, int rows, int cols)
    {
        var transposed = new float[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
                transposed[j * rows + i] = error[i * cols + j];
        }
        return VerticalPath(transposed, cols, rows);
    }

    /// <summary>Σ e along a vertical path (one entry per row).</summary>
    public static double PathCost(ReadOnlySpan<float> error, int cols, ReadOnlySpan<int> path)
    {
        double sum = 0;
        for (int i = 0; i < path.Length; i++)
            sum += error[i * cols + path[i]];
        return sum;
    }
}
