namespace Pigment.Classic.Noise;

/// <summary>Which distance Worley noise returns: to the nearest feature point, the second nearest, or their gap.</summary>
public enum WorleyFeature
{
    /// <summary>F1: distance to the nearest feature point (round cells, dark at the points).</summary>
    F1,

    /// <summary>F2: distance to the second-nearest point.</summary>
    F2,

    /// <summary>F2 − F1: zero on the cell borders (a network of cracks, cobbles, pebbles).</summary>
    F2MinusF1,
}
