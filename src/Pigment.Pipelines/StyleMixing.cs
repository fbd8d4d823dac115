using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Models.StyleGan;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Pipelines;

/// <summary>
/// The style-mixing figure of StyleGAN (Karras et al. 2019, Figure 3): the first row holds the images of the column
/// sources, the first column those of the row sources; cell (r, c) takes the coarse styles (resolutions up to
/// <c>coarseResolution</c>: pose, layout, overall shape) from row r's w and every finer style (colours, detail) from
/// column c's w. Row sources use seeds seed … seed + R − 1, column sources seed + R … seed + R + C − 1.
/// </summary>
public static class StyleMixing
{
    /// <summary>The index of the first style that a resolution finer than <paramref name="coarseResolution"/> reads.</summary>
    public static int Crossover(StyleGanConfig config, int coarseResolution)
    {
        int stage = (int)Math.Round(Math.Log2(coarseResolution / 4.0));
        if (coarseResolution < 4 || 4 << stage != coarseResolution || stage >= config.Stages - 1)
            throw new PigmentException($"The coarse styles end at a resolution from 4 to {config.ImageSize / 2}, a power of two (not {coarseResolution}).");
        return 2 * stage + 1;                       // stage k's convolutions read styles 2k − 1 and 2k; its toRGB the next
    }

    /// <summary>The grid as one image tensor (3, H, W) in [0, 1], the top-left cell blank.</summary>
    public static Tensor Grid(StyleGanGenerator generator, int rows, int columns, long seed, int coarseResolution, double truncation = 1)
    {
        if (rows < 1 || columns < 1)
            throw new PigmentException("A style-mixing grid needs at least one row and one column.");
        int crossover = Crossover(generator.Config, coarseResolution);
        generator.eval();
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var z = Seeds.PerItemNormal(rows + columns, [generator.Config.LatentDim], seed);
        var w = generator.Map(z);
        if (truncation != 1)
            w = generator.Truncate(w, truncation);
        int count = generator.Config.StyleCount;
        var ws = w.unsqueeze(1).expand(-1, count, -1);                                     // (R + C, L, D)
        var rowWs = ws.narrow(0, 0, rows);
        var columnWs = ws.narrow(0, rows, columns);
        var mixed = torch.cat(
        [
            rowWs.narrow(1, 0, crossover).unsqueeze(1).expand(-1, columns, -1, -1),                 // coarse from the row
            columnWs.narrow(1, crossover, count - crossover).unsqueeze(0).expand(rows, -1, -1, -1), // fine from the column
        ], 2).reshape(rows * columns, count, -1);
        var sources = generator.Synthesize(ws);
        var cells = generator.Synthesize(mixed);
        var unit = torch.cat([sources, cells], 0).Add(1).Div(2).Clamp(0, 1);
        var blank = torch.ones([1, unit.shape[1], unit.shape[2], unit.shape[3]]);
        var ordered = new List<Tensor> { blank };
        ordered.AddRange(Enumerable.Range(0, columns).Select(c => unit.narrow(0, rows + c, 1)));
        for (int r = 0; r < rows; r++)
        {
            ordered.Add(unit.narrow(0, r, 1));
            ordered.Add(unit.narrow(0, rows + columns + r * columns, columns));
        }
        return ImageGrid.Make(torch.cat(ordered, 0), columns: columns + 1).MoveToOuterDisposeScope();
    }
}
