using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pigment.Core;
using Pigment.Core.Checkpoints;
using Pigment.Core.Data;
using Pigment.Core.Imaging;
using Pigment.Core.NativeMath;
using Pigment.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Training;

/// <summary>
/// The one training loop every family uses: AdamW with warm-up and cosine decay, gradient clipping, EMA weights,
/// a JSON-lines log, periodic sample grids, and checkpoints that make a run resumable exactly. Step s draws all
/// its randomness from the seed and s alone (data order, augmentation, noise, dropout), so a resumed run
/// continues as if it had never stopped. Cancelling the token stops after the current step and checkpoints first.
/// An <see cref="IAdversarialObjective"/> (a GAN) gets a second optimizer for its critic: each step descends the
/// critic's loss first (<see cref="TrainerOptions.CriticSteps"/> times, each on its own batch, at
/// <see cref="TrainerOptions.CriticLearningRateScale"/> times the rate), then the model's loss with the critic frozen.
/// </summary>
public sealed class Trainer
{
    private readonly ITrainingObjective _objective;
    private readonly IImageDataset _dataset;
    private readonly TrainerOptions _options;
    private readonly RunFolder _run;
    private readonly AugmentationOptions _augmentation;

    /// <param name="preview">Draws a sample grid (C, H, W) in [0, 1] from the given weights and seed; null for none.</param>
    /// <param name="monitor">Measures the model being trained every <see cref="TrainerOptions.MonitorEvery"/> steps
    /// (e.g. a GAN's class histogram, to catch mode collapse); the values are logged.</param>
    public Trainer(ITrainingObjective objective, IImageDataset dataset, TrainerOptions options, RunFolder run,
        AugmentationOptions? augmentation = null, Func<nn.Module, long, Tensor>? preview = null,
        Func<nn.Module, long, MonitorReport>? monitor = null)
    {
        options.Validate();
        _objective = objective;
        _dataset = dataset;
        _options = options;
        _run = run;
        _augmentation = augmentation ?? AugmentationOptions.None;
        Preview = preview;
        Monitor = monitor;
    }

    public Func<nn.Module, long, Tensor>? Preview { get; }

    public Func<nn.Module, long, MonitorReport>? Monitor { get; }

    /// <summary>Called after each monitoring (on the training thread).</summary>
    public event Action<int, MonitorReport>? Monitored;

    /// <summary>Called after every step (on the training thread).</summary>
    public event Action<TrainingProgress>? StepCompleted;

    public TrainingOutcome Run(bool resume, CancellationToken cancel)
    {
        MathSafety.Ensure();
        var model = _objective.Model;
        nn.Module? ema = _options.EmaDecay > 0 ? _objective.CreateModel() : null;
        if (ema is not null)
        {
            Ema.CopyWeights(ema, model);
            ema.eval();
            foreach (var p in ema.parameters())
                p.requires_grad = false;
        }
        var optimizer = NewOptimizer(model);
        var adversarial = _objective as IAdversarialObjective;
        var critic = adversarial is null ? null : new RunFolder.CriticState(adversarial.Critic, NewOptimizer(adversarial.Critic));

        int start = 0;
        double elapsedBefore = 0;
        if (resume)
        {
            var state = _run.LoadCheckpoint(model, ema, optimizer, critic);
            if (state.Family != _objective.Family)
                throw new PigmentException($"'{_run.Path}' holds a {state.Family} run, not {_objective.Family}.");
            start = state.Step;
            elapsedBefore = state.ElapsedSeconds;
            CheckSameCriticSteps();
        }
        else
        {
            Directory.CreateDirectory(_run.Path);
            if (File.Exists(_run.LogFile))
                File.Delete(_run.LogFile);
        }
        AtomicFile.WriteAllText(_run.TrainerFile, JsonSerializer.Serialize(new { options = _options, dataset = _dataset.Name, augmentation = _augmentation }, ConfigJson.Options));
        if (start >= _options.Steps)
            return TrainingOutcome.Completed;

        model.train();
        adversarial?.Critic.train();
        int batchesPerStep = adversarial is null ? 1 : _options.CriticSteps;     // step s reads batches s·k … s·k + k − 1
        using var loader = new BatchLoader(_dataset, _options.BatchSize, _options.Seed, augmentation: _augmentation, startBatch: start * batchesPerStep);
        using var log = new StreamWriter(_run.LogFile, append: true);
        var clock = Stopwatch.StartNew();
        var window = Stopwatch.StartNew();
        int windowImages = 0;
        double smoothed = double.NaN;
        int step = start;
        var outcome = TrainingOutcome.Completed;

        while (step < _options.Steps)
        {
            if (cancel.IsCancellationRequested)
            {
                outcome = TrainingOutcome.Interrupted;
                break;
            }
            (_objective as IStepAwareObjective)?.BeginStep(step);
            double lr = LearningRateSchedule.At(step, _options);
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = lr;
            foreach (var group in critic?.Optimizer.ParamGroups ?? [])
                group.LearningRate = lr * _options.CriticLearningRateScale;

            double loss;
            double? criticLoss = null;
            using (var scope = torch.NewDisposeScope())
            {
                torch.manual_seed(Seeds.Mix(_options.Seed, step, 1));     // dropout and any global draws
                double criticTotal = 0;
                for (int k = 0; k < batchesPerStep - 1; k++)                  // a GAN's extra critic steps, each on its own batch
                {
                    using var criticBatch = loader.Next();
                    criticTotal += DescendCritic(adversarial!, critic!, model, criticBatch, step, k);
                }
                using var batch = loader.Next();
                if (adversarial is not null)
                {
                    criticTotal += DescendCritic(adversarial, critic!, model, batch, step, batchesPerStep - 1);
                    criticLoss = criticTotal / batchesPerStep;
                    SetTrainable(adversarial.Critic, false);
                }
                using var generator = Seeds.Generator(Seeds.Mix(_options.Seed, step, 2));
                loss = Descend("model", step, model, optimizer, generator, g => _objective.Loss(model, batch, g));
                if (adversarial is not null)
                    SetTrainable(adversarial.Critic, true);
            }
            step++;
            if (ema is not null)
                Ema.Update(ema, model, Ema.DecayAt(step, _options.EmaDecay));

            smoothed = double.IsNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
            windowImages += _options.BatchSize * batchesPerStep;                // every image read, the critic's extra batches too
            double imagesPerSecond = windowImages / Math.Max(1e-9, window.Elapsed.TotalSeconds);
            var progress = new TrainingProgress(step, _options.Steps, loss, smoothed, lr, imagesPerSecond,
                TimeSpan.FromSeconds(elapsedBefore) + clock.Elapsed) { CriticLoss = criticLoss };
            StepCompleted?.Invoke(progress);

            if (step % _options.LogEvery == 0 || step == _options.Steps)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"step\":{step},\"loss\":{loss:G6},\"smoothed_loss\":{smoothed:G6},{(criticLoss is { } c ? $"\"critic_loss\":{c:G6}," : "")}\"lr\":{lr:G6},\"images_per_s\":{imagesPerSecond:F1},\"elapsed_s\":{progress.Elapsed.TotalSeconds:F1}}}"));
                log.Flush();
                window.Restart();
                windowImages = 0;
            }
            if (Monitor is not null && _options.MonitorEvery > 0 && (step % _options.MonitorEvery == 0 || step == _options.Steps))
                WriteMonitor(model, step, log);
            if (step % _options.CheckpointEvery == 0 || step == _options.Steps)
                Checkpoint(model, ema, optimizer, critic, step, elapsedBefore + clock.Elapsed.TotalSeconds);
            if (Preview is not null && _options.SampleEvery > 0 && (step % _options.SampleEvery == 0 || step == _options.Steps))
                WritePreview(ema ?? model, step);
        }
        if (outcome == TrainingOutcome.Interrupted)
            Checkpoint(model, ema, optimizer, critic, step, elapsedBefore + clock.Elapsed.TotalSeconds);
        return outcome;
    }

    private TorchSharp.Modules.OptimizerHelper NewOptimizer(nn.Module module) =>
        optim.AdamW(module.parameters(), _options.LearningRate, _options.Beta1, _options.Beta2, weight_decay: _options.WeightDecay);

    /// <summary>
    /// One optimizer step of <paramref name="module"/> on <paramref name="loss"/>, with gradient clipping; returns the
    /// loss. A non-finite loss or gradient stops training before the optimizer touches the weights, with a diagnosis
    /// (<see cref="NonFiniteStep"/>) that replays the step from the same random state.
    /// </summary>
    private double Descend(string role, int step, nn.Module module, TorchSharp.Modules.OptimizerHelper optimizer,
        Generator generator, Func<Generator, Tensor> loss)
    {
        using var defaultGenerator = torch.Generator.Default;            // held: a temporary one may be deleted mid-call
        using var globalState = defaultGenerator.get_state();
        using var localState = generator.get_state();
        optimizer.zero_grad();
        double value;
        using (var computed = loss(generator))
        {
            computed.backward();
            value = computed.item<float>();
        }
        // ‖∇‖ over all parameters is finite exactly when every gradient is; clipping needs it anyway.
        double norm = nn.utils.clip_grad_norm_(module.parameters(), _options.GradClip > 0 ? _options.GradClip : double.PositiveInfinity);
        if (!double.IsFinite(value) || !double.IsFinite(norm))
            throw new PigmentException(NonFiniteStep.Diagnose(role, step, value, module, () =>
            {
                defaultGenerator.set_state(globalState);
                generator.set_state(localState);
                optimizer.zero_grad();
                using var again = loss(generator);
                again.backward();
                return again.item<float>();
            }));
        AdamWStep.Step(optimizer);
        return value;
    }

    /// <summary>Step s of a GAN reads batches from s · CriticSteps on: a resumed run must keep the number it started with.</summary>
    private void CheckSameCriticSteps()
    {
        if (_objective is not IAdversarialObjective || !File.Exists(_run.TrainerFile))
            return;
        using var saved = JsonDocument.Parse(File.ReadAllText(_run.TrainerFile));
        int before = saved.RootElement.TryGetProperty("options", out var o) && o.TryGetProperty("critic_steps", out var k) ? k.GetInt32() : 1;
        if (before != _options.CriticSteps)
            throw new PigmentException($"'{_run.Path}' was trained with {before} critic step(s) per step; resume it with --critic-steps {before}, not {_options.CriticSteps}.");
    }

    /// <summary>The critic's k-th descent of a step; the first draws from the stream a single-descent run has always used.</summary>
    private double DescendCritic(IAdversarialObjective adversarial, RunFolder.CriticState critic, nn.Module model, Batch batch, int step, int k)
    {
        using var generator = Seeds.Generator(Seeds.Mix(_options.Seed, step, k == 0 ? 3 : 100 + k));
        return Descend("critic", step, adversarial.Critic, critic.Optimizer, generator, g => adversarial.CriticLoss(model, batch, g));
    }

    private static void SetTrainable(nn.Module module, bool trainable)
    {
        foreach (var p in module.parameters())
            p.requires_grad = trainable;
    }

    private void Checkpoint(nn.Module model, nn.Module? ema, TorchSharp.Modules.OptimizerHelper optimizer, RunFolder.CriticState? critic, int step, double elapsed) =>
        _run.SaveCheckpoint(model, ema, optimizer, new RunFolder.CheckpointState(step, elapsed, _objective.Family), critic);

    private void WriteMonitor(nn.Module model, int step, StreamWriter log)
    {
        model.eval();
        MonitorReport report;
        using (var scope = torch.NewDisposeScope())
            report = Monitor!(model, _options.Seed);
        model.train();
        var line = new Dictionary<string, object> { ["step"] = step };
        foreach (var (key, value) in report.Values)
            line[key] = value;
        log.WriteLine(JsonSerializer.Serialize(line));
        log.Flush();
        Monitored?.Invoke(step, report);
    }

    private void WritePreview(nn.Module weights, int step)
    {
        bool wasTraining = weights.training;
        weights.eval();
        using (var scope = torch.NewDisposeScope())
        {
            var grid = Preview!(weights, _options.Seed);
            ImageIO.Save(ImageTensor.ToImage(grid), Path.Combine(_run.SamplesFolder, $"step-{step:D6}.png"),
                new GenerationParameters { Prompt = $"{_objective.Family} training preview", Seed = _options.Seed, Extra = [new("Step", step.ToString(CultureInfo.InvariantCulture))] }.Format());
        }
        if (wasTraining)
            weights.train();
    }
}
