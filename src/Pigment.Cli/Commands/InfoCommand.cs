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
            var math = MathSafety.Ensure();
            table.AddRow("Threads", Markup.Escape($"{TorchRuntime.Threads} (of {Environment.ProcessorCount} logical processors; {ThreadVariables()})"));
            table.AddRow("CPU", Markup.Escape(TorchRuntime.CpuDescription));
            table.AddRow("Self-check", Markup.Escape($"libtorch's kernels: {math.Native.Summary()}" +
                                                     (math.Chosen == math.Native ? "" : $"\nsetting in use: {math.Chosen.Summary()}")));
            table.AddRow("Math setting", Markup.Escape($"{math.Convolutions.ToString().ToLowerInvariant()} convolutions, {math.Threads} thread{(math.Threads == 1 ? "" : "s")}: {math.Reason}"));
            table.AddRow("Device", TorchRuntime.CudaAvailable ? "cuda (available), cpu" : "cpu (no CUDA device)");
            table.AddRow("Home", Markup.Escape(PigmentPaths.RepositoryRoot));
            AnsiConsole.Write(table);

            var models = Directory.Exists(PigmentPaths.ModelsFolder)
                ? Directory.GetDirectories(PigmentPaths.ModelsFolder)
                    .Where(d => File.Exists(Path.Combine(d, "config.json")))
                    .OrderBy(d => d, StringComparer.Ordinal)
                    .ToList()
                : [];
            if (models.Count == 0)
            {
                AnsiConsole.MarkupLine("Models: [grey]none yet under models/[/]");
                return 0;
            }
            var list = new Table().Border(TableBorder.Rounded).AddColumn("Model").AddColumn("Family").AddColumn("Parameters").AddColumn("File");
            foreach (var dir in models)
            {
                var weights = Path.Combine(dir, "model.safetensors");
                string family = "?", parameters = "", size = "[red]no model.safetensors[/]";
                try
                {
                    family = ModelStore.Resolve(dir).Family;
                    using var contents = SafeTensors.Load(weights);
                    parameters = $"{contents.Tensors.Values.Sum(t => t.NumberOfElements) / 1e6:0.00} M";
                    size = $"{new FileInfo(weights).Length / 1e6:0.0} MB";
                }
                catch (PigmentException e)
                {
                    size = $"[red]{Markup.Escape(e.Message)}[/]";
                }
                list.AddRow(Markup.Escape(Path.GetFileName(dir)), Markup.Escape(family), parameters, size);
            }
            AnsiConsole.Write(list);
            return 0;
        });
        return command;
    }
}
