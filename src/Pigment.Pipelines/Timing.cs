using System.Diagnostics;

namespace Pigment.Pipelines;

/// <summary>The medians the benchmarks report.</summary>
public static class Timing
{
    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Median milliseconds of <paramref name="rounds"/> runs after one untimed (warm-up) run.</summary>
    public static double MedianMilliseconds(int rounds, Action run)
    {
        run();
        var times = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            var clock = Stopwatch.StartNew();
            run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return Median(times);
    }
}
