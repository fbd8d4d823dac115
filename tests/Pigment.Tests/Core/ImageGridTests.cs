using Pigment.Core;
using Pigment.Core.Imaging;
using TorchSharp;

namespace Pigment.Tests.Core;

public class ImageGridTests
{
    [Fact]
    public void GridPlacesCellsWithPadding()
    {
        // 5 images of 4x3 → ⌈√5⌉ = 3 columns, 2 rows; padding 2 → width 3·(3+2)+2 = 17, height 2·(4+2)+2 = 14.
        using var count = 5.ToScalar();
        using var batch = torch.arange(count).reshape(5, 1, 1, 1).expand(5, 1, 4, 3).to_type(torch.float32).Div(10);
        using var grid = ImageGrid.Make(batch);
        Assert.Equal(new long[] { 1, 14, 17 }, grid.shape);
        Assert.Equal(1f, grid[0, 0, 0].item<float>());              // padding
        Assert.Equal(0f, grid[0, 2, 2].item<float>());              // image 0
        Assert.Equal(0.2f, grid[0, 2, 12].item<float>(), 5);        // image 2: column 2, x = 2 + 2·5
        Assert.Equal(0.3f, grid[0, 8, 2].item<float>(), 5);         // image 3: row 1, y = 2 + 6
        Assert.Equal(1f, grid[0, 8, 12].item<float>());             // the empty sixth cell stays padding
    }

    [Fact]
    public void PixelGridsMixGrayAndRgb()
    {
        var gray = new PixelImage(2, 2, 1, [0, 0, 0, 0]);
        var rgb = new PixelImage(2, 2, 3, Enumerable.Repeat((byte)100, 12).ToArray());
        var grid = ImageGrid.Make([gray, rgb], columns: 2, padding: 1);
        Assert.Equal((7, 4, 3), (grid.Width, grid.Height, grid.Channels));
        Assert.Equal(255, grid[0, 0, 0]);
        Assert.Equal(0, grid[1, 1, 0]);
        Assert.Equal(100, grid[4, 1, 2]);
    }
}
