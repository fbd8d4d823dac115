namespace Pigment.Classic.Procedural;

/// <summary>The base noise functions <see cref="ProceduralGenerator"/> can layer.</summary>
public enum NoiseKind
{
    Perlin,
    Simplex,
    Value,
    Worley,
}
