namespace Pigment.Pipelines.Generation;

/// <summary>
/// A loaded model that makes images from a <see cref="GenerationRequest"/>: every family implements this, and the
/// CLI, the benchmarks and the web server speak only it.
/// </summary>
public interface IImageGenerator : IDisposable
{
    /// <summary>The model's name (its folder).</summary>
    string Name { get; }

    /// <summary>The family, as in config.json.</summary>
    string Family { get; }

    /// <summary>The dataset it was trained on ("" for the learning-free generators).</summary>
    string Dataset { get; }

    /// <summary>How <paramref name="request"/> would be drawn: the method in words, the parameters it uses, the network passes per image.</summary>
    GenerationMethod Describe(GenerationRequest request);

    /// <summary>Channels of the images it makes (1 gray, 3 RGB).</summary>
    int Channels { get; }

    /// <summary>Width and height of the images it makes.</summary>
    int Size { get; }

    /// <summary>The classes a prompt may name (empty for an unconditional model).</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>What it takes beyond a count and a seed (text or class prompts, guidance, sampler, starting image).</summary>
    GeneratorAbilities Abilities { get; }

    /// <summary>Throws a <see cref="Core.PigmentException"/> naming the first part of <paramref name="request"/> this
    /// model cannot honour (a mask for a GAN, a class for an unconditional VAE, an unknown class, …).</summary>
    void Validate(GenerationRequest request);

    /// <summary>What the model will do differently from what was asked (unknown words left out, a prompt cut), one line each.</summary>
    IReadOnlyList<string> Warnings(GenerationRequest request);

    /// <summary>Makes the images (after <see cref="Validate"/>). <paramref name="cancel"/> stops between steps.</summary>
    GenerationResult Generate(GenerationRequest request, Action<GenerationProgress>? progress = null, CancellationToken cancel = default);
}
