using Pigment.Classic.Texture;

namespace Pigment.Tests.Classic;

public class BoundaryCutTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 3)]
    [InlineData(6, 4)]
    [InlineData(7, 5)]
    public void VerticalPathIsTheBruteForceMinimum(int rows, int cols)
    {
        var random = new Random(rows * 100 + cols);
        for (int trial = 0; trial < 50; trial++)
        {
            var error = new float[rows * cols];
            for (int i = 0; i < error.Length; i++)
                error[i] = trial % 5 == 0 ? random.Next(3) : (float)random.NextDouble(); // integer grids force ties
            var path = BoundaryCut.VerticalPath(error, rows, cols);
            AssertConnected(path, cols);
            double best = BruteForceMinimum(error, rows, cols);
            Assert.Equal(best, BoundaryCut.PathCost(error, cols, path), 9);
        }
    }

    [Fact]
    public void HorizontalPathIsTheBruteForceMinimumOfTheTranspose()
    {
        var random = new Random(5);
        int rows = 3, cols = 6;
        for (int trial = 0; trial < 50; trial++)
        {
            var error = new float[rows * cols];
            for (int i = 0; i < error.Length; i++)
                error[i] = (float)random.NextDouble();
            var path = BoundaryCut.HorizontalPath(error, rows, cols);
            Assert.Equal(cols, path.Length);
            AssertConnected(path, rows);
            var transposed = new float[rows * cols];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                    transposed[j * rows + i] = error[i * cols + j];
            }
            Assert.Equal(BruteForceMinimum(transposed, cols, rows), BoundaryCut.PathCost(transposed, rows, path), 9);
        }
    }

    [Fact]
    public void PathFollowsAZeroValley()
    {
        // A zero-cost diagonal through costly cells: the cut must follow it exactly.
        int rows = 5, cols = 5;
        var error = Enumerable.Repeat(1f, rows * cols).ToArray();
        int[] valley = [0, 1, 2, 2, 3];
        for (int i = 0; i < rows; i++)
            error[i * cols + valley[i]] = 0;
        Assert.Equal(valley, BoundaryCut.VerticalPath(error, rows, cols));
    }

    private static void AssertConnected(int[] path, int cols)
    {
        for (int i = 0; i < path.Length; i++)
        {
            Assert.InRange(path[i], 0, cols - 1);
            if (i > 0)
                Assert.InRange(path[i] - path[i - 1], -1, 1);
        }
    }

    /// <summary>The cheapest of all 8-connected top-to-bottom paths, by enumeration.</summary>
    private static double BruteForceMinimum(float[] error, int rows, int cols)
    {
        double best = double.MaxValue;
        void Walk(int row, int col, double cost)
        {
            cost += error[row * cols + col];
            if (row == rows - 1)
            {
                best = Math.Min(best, cost);
                return;
            }
            for (int d = -1; d <= 1; d++)
            {
                if (col + d >= 0 && col + d < cols)
                    Walk(row + 1, col + d, cost);
            }
        }
        for (int c = 0; c < cols; c++)
            Walk(0, c, 0);
        return best;
    }
}
