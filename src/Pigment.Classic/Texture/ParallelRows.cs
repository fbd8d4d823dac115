namespace Pigment.Classic.Texture;

/// <summary>
/// Splits rows [0, count) into a few contiguous ranges, run on all cores. Each row's result depends only on that
/// row, so the output is the same for any schedule (determinism does not depend on the thread count).
/// </summary>
internal static class ParallelRows
{
    public static void For(int count, Action<int, int> body)
    {
        int chunks = Math.Min(count, 4 * Environment.ProcessorCount);
        if (chunks <= 1 || Environment.ProcessorCount == 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, chunks, k => body((int)((long)count * k / chunks), (int)((long)count * (k + 1) / chunks)));
    }
}
