namespace Pigment.Tests.Core;

/// <summary>The test host runs with the launcher's malloc tunables (test.runsettings), as `pigment` does.</summary>
public class TestHostEnvironmentTests
{
    [Fact]
    public void TheTestHostKeepsLibtorchTemporariesInTheHeap() =>
        Assert.Contains("glibc.malloc.mmap_threshold=33554432", Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "");
}
