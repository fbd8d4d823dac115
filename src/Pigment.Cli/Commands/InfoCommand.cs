using System.CommandLine;
using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.NativeMath;
using Pigment.Pipelines;
using Spectre.Console;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment info</c>: versions, threads, device and the models found under models/.</summary>
public static class InfoCommand
{
    private static string ThreadVariables() =>
        string.Join(", ", new[] { "OMP_NUM_THREADS", "MKL_NUM_THREADS", MathSafety.ConvolutionsVariable }
            .Select(v => $"{v}={Environment.GetEnvironmentVariable(v) ?? "unset"}"));

    public static Command Create()
    {
        var command = new Command("info", "Show Pigment, TorchSharp and libtorch versions, threads, device and installed models.");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("");
            table.HideHeaders();
            table.AddRow("Pigment", Markup.Escape(TorchRuntime.PigmentVersion));
            table.AddRow("TorchSharp", Markup.Escape(TorchRuntime.TorchSharpVersion));
            table.AddRow("libtorch", Markup.Escape(TorchRuntime.LibTorchVersion));
            table.AddRow(".NET", Markup.Escape(Environment.Version.ToString()));
            var math = MathSafety.Ensure(fresh: true);
            table.AddRow("Threads", Markup.Escape($"{TorchRuntime.Threads} (of {Environment.ProcessorCount} logical processors; {ThreadVariables()})"));
            table.AddRow("CPU", Markup.Escape(TorchRuntime.CpuDescription));
            table.AddRow("Self-check", Markup.Escape($"libtorch's kernels: {math.Native.Summary()}" +
                                                     (math.Chosen == math.Native ? "" : $"\nsetting in use: {math.Chosen.Summary()}")));
            table.AddRow("Math setting", Markup.Escape($"{math.Convolutions.ToString().ToLowerInvariant()} convolutions, {math.Threads} thread{(math.Threads == 1 ? "" : "s")}: {math.Reason}"));
            table.AddRow("Device", TorchRuntime.CudaAvailable ? "cuda (available), cpu" : "cpu (no CUDA device)");
            table.AddRow("Home", Markup.Escape(PigmentPaths.RepositoryRoot));
            AnsiConsole.Write(table);

            var models = ModelStore.Installed();
            if (models.Count == 0)
            {
                AnsiConsole.MarkupLine("Models: [grey]none yet under models/[/]");
                return 0;
            }
            var list = new Table().Border(TableBorder.Rounded).AddColumn("Model").AddColumn("Family").AddColumn("Parts").AddColumn("Parameters").AddColumn("On disk").AddColumn("Card");
            foreach (var name in models)
            {
                string family = "?", parts = "", parameters = "", size = "", card = "";
                try
                {
                    var location = ModelStore.Resolve(name);
                    family = location.Family;
                    parts = location.IsMultiPart ? string.Join(", ", location.Parts.Select(p => $"{p.Name} ({p.Kind})")) : "one";
                    long count = location.Parts.Where(p => p.HasWeights)
                        .Sum(p => SafeTensors.Shapes(p.WeightsFile).Values.Sum(shape => shape.Aggregate(1L, (a, d) => a * d)));
                    parameters = $"{count / 1e6:0.00} M";
                    long bytes = new DirectoryInfo(location.Folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                    size = $"{bytes / 1e6:0.0} MB";
                    card = location.CardFile is null ? "[red]none[/]" : Markup.Escape(Path.GetRelativePath(PigmentPaths.RepositoryRoot, location.CardFile));
                }
                catch (PigmentException e)
                {
                    size = $"[red]{Markup.Escape(e.Message)}[/]";
                }
                list.AddRow(Markup.Escape(name), Markup.Escape(family), Markup.Escape(parts), parameters, size, card);
            }
            AnsiConsole.Write(list);
            var presets = new Table().Border(TableBorder.Rounded).AddColumn("Preset (train --preset NAME)").AddColumn("What").AddColumn("Runs");
            foreach (var preset in TrainingPresets.All)
                presets.AddRow(Markup.Escape(preset.Name), Markup.Escape(preset.Description), Markup.Escape(preset.Command));
            AnsiConsole.Write(presets);
            return 0;
        });
        return command;
    }
}
