using Pigment.Core.NativeMath;
using Xunit;

namespace Pigment.Tests.Core;

public sealed class MathVerdictCacheTests
{
    [Fact]
    public void AVerdictRoundTripsAndTheKeyFollowsThreadsAndSetting()
    {
        using var temp = new TempFolder();
        var settings = MathSafety.Ensure();
        var path = temp.File("verdict.json");
        MathVerdictCache.Write(path, settings);
        var read = MathVerdictCache.Read(path);
        Assert.NotNull(read);
        Assert.Equal(settings.Convolutions, read!.Convolutions);
        Assert.Equal(settings.Threads, read.Threads);
        Assert.Equal(settings.Native.Probes.Select(p => p.Name), read.Native.Probes.Select(p => p.Name));
        Assert.Equal(settings.Native.Passed, read.Native.Passed);

        var a = MathVerdictCache.File(2, null);
        if (a is not null)
        {
            Assert.NotEqual(a, MathVerdictCache.File(1, null));
            Assert.NotEqual(a, MathVerdictCache.File(2, ConvolutionMode.Padded));
            Assert.Equal(a, MathVerdictCache.File(2, null));
        }
        System.IO.File.WriteAllText(path, "{ not json");
        Assert.Null(MathVerdictCache.Read(path));                        // a broken verdict means: check again
    }
}
