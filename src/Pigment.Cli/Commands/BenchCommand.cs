using System.CommandLine;
using Pigment.Core;
using Pigment.Pipelines;
using Pigment.Samplers;

namespace Pigment.Cli.Commands;

/// <summary><c>pigment bench ddpm MODEL</c>: the diffusion benchmark, written as markdown.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A diffusion model under models/ or a run folder." };
        var samples = Cli.Ranged("--samples", "Images per sampler.", 10, 100_000, 500);
        var seed = new Option<long>("--seed") { Description = "Seed of the samples.", DefaultValueFactory = _ => 0 };
        var guidance = Cli.Ranged("--guidance", "Scale of the guided row.", 1.0, 50.0, 3.0);
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => "bench/diffusion/RESULTS.md" };
        var ddpm = new Command("ddpm", "Training and sampling speed, classifier-FID per sampler, guided accuracy.") { model, samples, seed, guidance, output };
        ddpm.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var report = DiffusionBenchmark.Run(location, parse.GetValue(samples), parse.GetValue(seed), parse.GetValue(guidance),
                Log);
            return Publish(parse.GetValue(output)!, report);
        });
        return new Command("bench", "Benchmarks whose results go in bench/.") { ddpm, StepSweep(), Math(), TextToImage(), Onnx(), Quantize(), Speed(), ClassicBenchCommand.Create() };
    }

    /// <summary><c>pigment bench sd</c>: a text-to-image model's fidelity against guidance, samplers and steps; a negative prompt; speed.</summary>
    private static Command TextToImage()
    {
        var model = new Option<string>("--model") { Description = "A text-to-image model.", DefaultValueFactory = _ => GenerateCommand.DefaultModel };
        var perCategory = Cli.Ranged("--per-category", "Evaluation prompts per category in each cell.", 1, 1000, 10);
        var images = Cli.Ranged("--images", "Images per prompt.", 1, 100, 2);
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => "bench/sd/RESULTS.md" };
        var command = new Command("sd", "Text-to-image: fidelity against guidance and samplers, a negative prompt's effect, speed (in the process and the whole command).") { model, perCategory, images, output };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var report = Pigment.Pipelines.TextToImage.TextToImageBenchmark.Run(location, parse.GetValue(perCategory), parse.GetValue(images), WholeProcess,
                Log);
            return Publish(parse.GetValue(output)!, report);
        });
        return command;
    }

    /// <summary><c>pigment bench speed</c>: the diffusion networks against the machine's peak.</summary>
    private static Command Speed()
    {
        var models = new Option<string>("--models") { Description = "Comma-separated diffusion models.", DefaultValueFactory = _ => "ddpm-mnist,sd-shapes" };
        var batches = new Option<string>("--batches") { Description = "Comma-separated batch sizes.", DefaultValueFactory = _ => "1,16,64" };
        var rounds = Cli.Ranged("--rounds", "Timed rounds per figure (the median is reported).", 1, 1000, 5);
        var images = Cli.Ranged("--images", "Images drawn to time sampling.", 1, 10_000, 64);
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => "bench/speed/RESULTS.md" };
        var command = new Command("speed", "Forward and training-step time, GFLOP/s against the machine's peak, sampling images/s, peak memory.") { models, batches, rounds, images, output };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var sizes = Cli.IntList("--batches", parse.GetValue(batches)!);
            foreach (var name in names)
                ModelStore.Resolve(name);
            var (rows, sampling) = SpeedBenchmark.Measure(names, sizes, parse.GetValue(rounds), parse.GetValue(images), Log);
            var command = $"./pigment bench speed --models {string.Join(',', names)} --batches {string.Join(',', sizes)} --rounds {parse.GetValue(rounds)} --images {parse.GetValue(images)}";
            return Publish(parse.GetValue(output)!, SpeedBenchmark.Report(rows, sampling, command));
        });
        return command;
    }

    /// <summary><c>pigment bench quantize</c>: each model's weights as float32, bfloat16, float16 and int8: size and quality.</summary>
    private static Command Quantize()
    {
        var models = new Option<string>("--models") { Description = "Comma-separated models.", DefaultValueFactory = _ => "ddpm-mnist,gan-mnist,vae-mnist,flow-mnist,pixelcnn-mnist,sd-shapes" };
        var samples = Cli.Ranged("--samples", "Digit models: images scored per format.", 10, 100_000, 1000);
        var perCategory = Cli.Ranged("--per-category", "Text-to-image: evaluation prompts per category (4 images each).", 1, 1000, 10);
        var guidance = Cli.Ranged("--guidance", "Classifier-free guidance of the diffusion models.", 0.0, 50.0, 3.0);
        var seed = new Option<long>("--seed") { Description = "Seed of the samples.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => "bench/quantize/RESULTS.md" };
        var command = new Command("quantize", "Each model's weights stored as float32, bfloat16, float16 and int8: size, weight change, image change, quality.")
        {
            models, samples, perCategory, guidance, seed, output,
        };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var name in names)
                ModelStore.Resolve(name);                          // an unknown model fails here, before any work
            var rows = QuantizationBenchmark.Measure(names, parse.GetValue(samples), parse.GetValue(perCategory), parse.GetValue(guidance), parse.GetValue(seed),
                Log);
            var command = $"./pigment bench quantize --models {string.Join(',', names)} --samples {parse.GetValue(samples)} --per-category {parse.GetValue(perCategory)} " +
                          $"--guidance {parse.GetValue(guidance).ToString(System.Globalization.CultureInfo.InvariantCulture)} --seed {parse.GetValue(seed)}";
            var report = QuantizationBenchmark.Report(rows, command);
            return Publish(parse.GetValue(output)!, report);
        });
        return command;
    }

    /// <summary><c>pigment bench onnx</c>: a network's forward pass in TorchSharp and in ONNX Runtime, side by side.</summary>
    private static Command Onnx()
    {
        var model = new Option<string>("--model") { Description = "A diffusion or text-to-image model.", DefaultValueFactory = _ => "ddpm-mnist" };
        var batches = new Option<string>("--batches") { Description = "Batch sizes, e.g. 1,16,64.", DefaultValueFactory = _ => "1,16,64" };
        var rounds = Cli.Ranged("--rounds", "Timed rounds per engine and batch (the report gives medians).", 1, 100, 10);
        var output = new Option<string>("--out") { Description = "The markdown file to write (default: bench/onnx/MODEL.md)." };
        var command = new Command("onnx", "One forward pass in TorchSharp and in ONNX Runtime on the same inputs and threads.") { model, batches, rounds, output };
        command.SetAction(parse =>
        {
            var sizes = Cli.IntList("--batches", parse.GetValue(batches)!);
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var rows = Pigment.Pipelines.Onnx.OnnxBenchmark.Measure(location, sizes, parse.GetValue(rounds), Log);
            var path = parse.GetValue(output) ?? Path.Combine("bench", "onnx", location.Name + ".md");
            var report = Pigment.Pipelines.Onnx.OnnxBenchmark.Report(location.Name, rows,
                $"./pigment bench onnx --model {location.Name} --batches {string.Join(',', sizes)} --rounds {parse.GetValue(rounds)}");
            return Publish(path, report);
        });
        return command;
    }

    /// <summary>Wall time of this CLI run again in a new process with <paramref name="args"/>.</summary>
    private static TimeSpan WholeProcess(string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new PigmentException($"'pigment {string.Join(" ", args)}' failed with exit code {process.ExitCode}.");
        return clock.Elapsed;
    }

    /// <summary><c>pigment bench math</c>: the self-check's findings and the speed of training and sampling with and without the fix.</summary>
    private static Command Math()
    {
        var model = new Option<string>("--model") { Description = "The diffusion model whose architecture is timed.", DefaultValueFactory = _ => "ddpm-mnist" };
        var rounds = Cli.Ranged("--rounds", "Rounds of all settings (the report gives medians).", 1, 20, 3);
        var trainSteps = Cli.Ranged("--train-steps", "Timed training steps per round and setting.", 1, 1000, 10);
        var samples = Cli.Ranged("--samples", "Images sampled per round and setting.", 1, 1000, 32);
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => "bench/math/RESULTS.md" };
        var command = new Command("math", "Self-check of libtorch's kernels on this CPU, and training and sampling speed with native and padded convolutions.") { model, rounds, trainSteps, samples, output };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var report = MathBenchmark.Run(location, parse.GetValue(rounds), parse.GetValue(trainSteps), parse.GetValue(samples), Log);
            return Publish(parse.GetValue(output)!, report);
        });
        return command;
    }

    /// <summary><c>pigment bench ddpm-steps MODEL</c>: classifier-FID against sampler steps.</summary>
    private static Command StepSweep()
    {
        var model = new Argument<string>("model") { Description = "A diffusion model under models/ or a run folder." };
        var samplers = new Option<string>("--samplers") { Description = $"Samplers, separated by commas: {string.Join(", ", SamplerCatalog.Names)}.", DefaultValueFactory = _ => "ddpm,ddim,dpm++2m,dpm++2m-sde" };
        var steps = new Option<string>("--steps") { Description = "Step counts, separated by commas.", DefaultValueFactory = _ => "10,20,50,100" };
        var karras = new Option<bool>("--karras") { Description = "Karras noise levels in every cell." };
        var samples = Cli.Ranged("--samples", "Images per cell.", 10, 100_000, 500);
        var seed = new Option<long>("--seed") { Description = "Seed of the samples.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => "bench/diffusion/STEPS.md" };
        var command = new Command("ddpm-steps", "Classifier-FID of each sampler at each step count: how fast it converges, and to what.") { model, samplers, steps, karras, samples, seed, output };
        command.SetAction(parse =>
        {
            var location = ModelStore.Resolve(parse.GetValue(model)!);
            var names = parse.GetValue(samplers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var report = DiffusionStepSweep.Run(location, names, DiffusionStepSweep.ParseSteps(parse.GetValue(steps)!), parse.GetValue(karras),
                parse.GetValue(samples), parse.GetValue(seed), Log);
            return Publish(parse.GetValue(output)!, report);
        });
        return command;
    }

    /// <summary>Writes a report (making its folder) atomically and prints it.</summary>
    private static int Publish(string path, string report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, report);
        Cli.Line(report);
        return 0;
    }

    private static void Log(string message) => Console.Error.WriteLine($"bench: {message}");
}
