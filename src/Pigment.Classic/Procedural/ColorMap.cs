using Pigment.Classic.Imaging;
using Pigment.Core;
using Pigment.Core.Imaging;

namespace Pigment.Classic.Procedural;

/// <summary>
/// A colour map: value v ∈ [0, 1] ↦ RGB by linear interpolation between anchor colours. viridis, magma and inferno
/// are matplotlib's perceptually uniform maps (van der Walt &amp; Smith, CC0) sampled at eleven evenly spaced anchors;
/// terrain, ocean and fire are Pigment's own.
/// </summary>
public sealed class ColorMap
{
    private static readonly Dictionary<string, ColorMap> Maps = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gray"] = new("gray", [(0, 0x000000), (1, 0xFFFFFF)]),
        ["viridis"] = Even("viridis", 0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C, 0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725),
        ["magma"] = Even("magma", 0x000004, 0x140E36, 0x3B0F70, 0x641A80, 0x8C2981, 0xB73779, 0xDE4968, 0xF7705C, 0xFE9F6D, 0xFECF92, 0xFCFDBF),
        ["inferno"] = Even("inferno", 0x000004, 0x160B39, 0x420A68, 0x6A176E, 0x932667, 0xBC3754, 0xDD513A, 0xF37819, 0xFCA50A, 0xF6D746, 0xFCFFA4),
        ["terrain"] = new("terrain", [(0, 0x10305E), (0.38, 0x3A78B2), (0.44, 0xD9CB8C), (0.5, 0x5D9442), (0.66, 0x2F5E2A), (0.8, 0x7A6654), (0.9, 0xE9E9E9), (1, 0xFFFFFF)]),
        ["ocean"] = new("ocean", [(0, 0x000A28), (0.4, 0x003C78), (0.75, 0x0A8CB4), (1, 0xC0F4FF)]),
        ["fire"] = new("fire", [(0, 0x000000), (0.3, 0x640A00), (0.55, 0xD23C00), (0.8, 0xFFA000), (1, 0xFFFFB4)]),
    };

    private readonly (double At, int Rgb)[] anchors;

    private ColorMap(string name, (double At, int Rgb)[] anchors)
    {
        Name = name;
        this.anchors = anchors;
    }

    public string Name { get; }

    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names => [.. Maps.Keys];

    /// <summary>The map called <paramref name="name"/> (any case); an unknown name is a <see cref="PigmentException"/>.</summary>
    public static ColorMap Get(string name) =>
        Maps.TryGetValue(name, out var map)
            ? map
            : throw new PigmentException($"Unknown colour map '{name}'; choose one of {string.Join(", ", Names)}.");

    /// <summary>The colour for v (clamped to [0, 1]) as (r, g, b) bytes.</summary>
    public (byte R, byte G, byte B) At(double v)
    {
        v = Math.Clamp(v, 0, 1);
        int k = 1;
        while (k < anchors.Length - 1 && anchors[k].At < v)
            k++;
        var (a0, c0) = anchors[k - 1];
        var (a1, c1) = anchors[k];
        double t = a1 > a0 ? (v - a0) / (a1 - a0) : 0;
        return (Mix(c0 >> 16, c1 >> 16, t), Mix(c0 >> 8, c1 >> 8, t), Mix(c0, c1, t));
    }

    /// <summary>Colours a one-channel image; "gray" gives a grayscale image, every other map RGB.</summary>
    public PixelImage Apply(FloatImage values)
    {
        if (values.Channels != 1)
            throw new ArgumentException("A colour map applies to a one-channel image.", nameof(values));
        if (Name == "gray")
            return values.ToPixels();
        // A 1024-entry table: the map is piecewise linear, so this is exact to well under one 8-bit level.
        const int levels = 1024;
        var table = new (byte R, byte G, byte B)[levels];
        for (int i = 0; i < levels; i++)
            table[i] = At(i / (double)(levels - 1));
        var image = new PixelImage(values.Width, values.Height, 3);
        var px = image.Pixels;
        var data = values.Data;
        for (int i = 0; i < data.Length; i++)
        {
            var (r, g, b) = table[(int)(Math.Clamp(data[i], 0f, 1f) * (levels - 1) + 0.5f)];
            px[3 * i] = r;
            px[3 * i + 1] = g;
            px[3 * i + 2] = b;
        }
        return image;
    }

    public override string ToString() => Name;

    private static ColorMap Even(string name, params int[] colors) =>
        new(name, [.. colors.Select((c, i) => ((double)i / (colors.Length - 1), c))]);

    private static byte Mix(int a, int b, double t) =>
        (byte)Math.Round((a & 0xFF) + t * ((b & 0xFF) - (a & 0xFF)), MidpointRounding.AwayFromZero);
}
