using Pigment.Core.Imaging;
using SkiaSharp;

namespace Pigment.Core.Data.Shapes;

/// <summary>Renders a <see cref="ShapeScene"/> with SkiaSharp, anti-aliased, as an RGB image.</summary>
public static class ShapeRenderer
{
    public static PixelImage Render(ShapeScene scene)
    {
        int n = scene.ImageSize;
        using var bitmap = new SKBitmap(new SKImageInfo(n, n, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(ToSk(scene.Background));
            foreach (var shape in scene.Objects)
            {
                using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = ToSk(shape.Color) };
                using var path = Outline(shape);
                canvas.DrawPath(path, paint);
            }
        }
        return ImageIO.FromBitmap(bitmap);
    }

    private static SKColor ToSk(ShapeColor c) => new(c.R, c.G, c.B);

    /// <summary>The shape's outline, centred on its position and rotated, fitting in its circumscribed circle.</summary>
    private static SKPath Outline(ShapeObject shape)
    {
        float r = shape.Radius;
        var path = new SKPathBuilder();
        switch (shape.Kind)
        {
            case ShapeKind.Circle:
                path.AddCircle(0, 0, r * 0.92f, SKPathDirection.Clockwise);
                break;
            case ShapeKind.Square:
                Polygon(path, 4, r, 45);
                break;
            case ShapeKind.Diamond:
                Polygon(path, 4, r, 0);
                break;
            case ShapeKind.Triangle:
                Polygon(path, 3, r, 0);
                break;
            case ShapeKind.Hexagon:
                Polygon(path, 6, r, 30);
                break;
            case ShapeKind.Star:
                Star(path, r, r * 0.45f);
                break;
            case ShapeKind.Cross:
                float arm = r * 0.34f, len = r * 0.92f;
                path.AddRect(new SKRect(-arm, -len, arm, len), SKPathDirection.Clockwise);
                path.AddRect(new SKRect(-len, -arm, len, arm), SKPathDirection.Clockwise);
                path.FillType = SKPathFillType.Winding;
                break;
        }
        var outline = path.Detach();
        outline.Transform(SKMatrix.CreateRotationDegrees(shape.RotationDegrees).PostConcat(SKMatrix.CreateTranslation(shape.CenterX, shape.CenterY)));
        return outline;
    }

    /// <summary>A regular polygon with one vertex at angle −90° + <paramref name="startDegrees"/> (pointing up at 0).</summary>
    private static void Polygon(SKPathBuilder path, int sides, float radius, float startDegrees)
    {
        for (int i = 0; i < sides; i++)
        {
            double angle = (startDegrees - 90 + 360.0 * i / sides) * Math.PI / 180;
            var point = new SKPoint((float)(radius * Math.Cos(angle)), (float)(radius * Math.Sin(angle)));
            if (i == 0) path.MoveTo(point); else path.LineTo(point);
        }
        path.Close();
    }

    private static void Star(SKPathBuilder path, float outer, float inner)
    {
        for (int i = 0; i < 10; i++)
        {
            double angle = (-90 + 36.0 * i) * Math.PI / 180;
            float radius = i % 2 == 0 ? outer : inner;
            var point = new SKPoint((float)(radius * Math.Cos(angle)), (float)(radius * Math.Sin(angle)));
            if (i == 0) path.MoveTo(point); else path.LineTo(point);
        }
        path.Close();
    }
}
