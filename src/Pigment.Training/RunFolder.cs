using System.Text.Json;
using Pigment.Core;
using Pigment.Core.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Training;

/// <summary>
/// The files of one training run:
/// <code>
/// config.json            the model's config (written by the family's pipeline)
/// trainer.json           the trainer options and dataset
/// model.safetensors      the weights to sample with (EMA when enabled), updated at every checkpoint
/// checkpoint/            raw weights, EMA weights, optimizer state and state.json (step, time), and for a GAN
///                        the critic's weights and optimizer: for --resume
/// log.jsonl              one JSON line per logged step
/// samples/step-N.png     periodic sample grids
/// </code>
/// A checkpoint is written to checkpoint.tmp/ and then swapped in, so an interrupted write never leaves a
/// broken checkpoint behind.
/// </summary>
public sealed class RunFolder
{
    public RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string ConfigFile => Combine("config.json");

    public string TrainerFile => Combine("trainer.json");

    public string WeightsFile => Combine("model.safetensors");

    public string LogFile => Combine("log.jsonl");

    public string SamplesFolder => Combine("samples");

    public string CheckpointFolder => Combine("checkpoint");

    public bool HasCheckpoint => File.Exists(System.IO.Path.Combine(CheckpointFolder, "state.json"))
                                 || File.Exists(System.IO.Path.Combine(CheckpointFolder + ".old", "state.json"));

    /// <summary>
    /// The run's model config: read back from config.json when resuming; otherwise made by
    /// <paramref name="create"/> and saved, refusing a folder that already holds a run.
    /// </summary>
    public T StartOrResume<T>(bool resume, Func<T> create)
    {
        if (resume)
            return ConfigJson.Load<T>(ConfigFile);
        if (HasCheckpoint)
            throw new PigmentException($"'{Path}' already holds a run: add --resume to continue it, or choose another --out.");
        var config = create();
        Directory.CreateDirectory(Path);
        ConfigJson.Save(ConfigFile, config);
        return config;
    }

    private string Combine(string name) => System.IO.Path.Combine(Path, name);

    public sealed record CheckpointState(int Step, double ElapsedSeconds, string Family);

    /// <summary>The second network of an adversarial run (a GAN's discriminator) and its optimizer.</summary>
    public sealed record CriticState(nn.Module Module, TorchSharp.Modules.OptimizerHelper Optimizer);

    public void SaveCheckpoint(nn.Module model, nn.Module? ema, TorchSharp.Modules.OptimizerHelper optimizer, CheckpointState state, CriticState? critic = null)
    {
        var temp = CheckpointFolder + ".tmp";
        var old = CheckpointFolder + ".old";
        if (Directory.Exists(temp))
            Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        StateDict.Save(model, System.IO.Path.Combine(temp, "model.safetensors"));
        if (ema is not null)
            StateDict.Save(ema, System.IO.Path.Combine(temp, "ema.safetensors"));
        optimizer.save_state_dict(System.IO.Path.Combine(temp, "optimizer.bin"));
        if (critic is not null)
        {
            StateDict.Save(critic.Module, System.IO.Path.Combine(temp, "critic.safetensors"));
            critic.Optimizer.save_state_dict(System.IO.Path.Combine(temp, "critic-optimizer.bin"));
        }
        File.WriteAllText(System.IO.Path.Combine(temp, "state.json"), JsonSerializer.Serialize(state, ConfigJson.Options));

        if (Directory.Exists(old))
            Directory.Delete(old, recursive: true);
        if (Directory.Exists(CheckpointFolder))
            Directory.Move(CheckpointFolder, old);
        Directory.Move(temp, CheckpointFolder);
        if (Directory.Exists(old))
            Directory.Delete(old, recursive: true);

        // The weights to sample with, beside config.json.
        StateDict.Save(ema ?? model, WeightsFile, new Dictionary<string, string> { ["step"] = state.Step.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public CheckpointState LoadCheckpoint(nn.Module model, nn.Module? ema, TorchSharp.Modules.OptimizerHelper optimizer, CriticState? critic = null)
    {
        var folder = File.Exists(System.IO.Path.Combine(CheckpointFolder, "state.json")) ? CheckpointFolder : CheckpointFolder + ".old";
        var stateFile = System.IO.Path.Combine(folder, "state.json");
        if (!File.Exists(stateFile))
            throw new PigmentException($"'{Path}' has no checkpoint to resume from.");
        var state = ConfigJson.Load<CheckpointState>(stateFile);
        StateDict.Load(model, System.IO.Path.Combine(folder, "model.safetensors"));
        if (ema is not null)
        {
            var emaFile = System.IO.Path.Combine(folder, "ema.safetensors");
            if (File.Exists(emaFile))
                StateDict.Load(ema, emaFile);
            else
                Ema.CopyWeights(ema, model);
        }
        optimizer.load_state_dict(System.IO.Path.Combine(folder, "optimizer.bin"));
        if (critic is not null)
        {
            StateDict.Load(critic.Module, System.IO.Path.Combine(folder, "critic.safetensors"));
            critic.Optimizer.load_state_dict(System.IO.Path.Combine(folder, "critic-optimizer.bin"));
        }
        return state;
    }
}
