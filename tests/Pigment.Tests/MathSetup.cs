using System.Runtime.CompilerServices;
using Pigment.Core.NativeMath;

namespace Pigment.Tests;

/// <summary>
/// The test host is a process like the CLI: before any test touches a model, the math self-check runs and applies
/// the safe setting for this machine, as Pigment does before its first training or sampling step.
/// </summary>
internal static class MathSetup
{
#pragma warning disable CA2255 // A module initializer is the test host's one entry point that runs before every test.
    [ModuleInitializer]
    internal static void Initialize() => MathSafety.Ensure();
#pragma warning restore CA2255
}
