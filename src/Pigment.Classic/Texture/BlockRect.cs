namespace Pigment.Classic.Texture;

/// <summary>A rectangle inside a block: columns [X, X + Width), rows [Y, Y + Height).</summary>
internal readonly record struct BlockRect(int X, int Y, int Width, int Height)
{
    public int Area => Width * Height;
}
