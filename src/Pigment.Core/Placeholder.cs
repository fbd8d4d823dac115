namespace Pigment.Core;
internal static class Placeholder { }
