namespace Pigment.Models.ProGan;

/// <summary>The shape and the growth schedule of a Progressive GAN.</summary>
public sealed record ProGanConfig
{
    public string Family { get; init; } = ProGanObjective.FamilyName;

    /// <summary>The final resolution; training grows from 4×4 to it, doubling at each stage.</summary>
    public int ImageSize { get; init; } = 64;

    public int Channels { get; init; } = 3;

    public int LatentDim { get; init; } = 128;

    /// <summary>Feature channels at each resolution, from 4×4 up (4, 8, 16, 32, 64 for 64×64 images).</summary>
    public IReadOnlyList<int> Widths { get; init; } = [128, 128, 64, 32, 16];

    /// <summary>
    /// Optimizer steps of each phase: the 4×4 stage trains for one phase; every later resolution is faded in over one
    /// phase (α from 0 to 1) and then trained alone for another.
    /// </summary>
    public int PhaseSteps { get; init; } = 500;

    /// <summary>
    /// False trains the whole network at the final resolution from the first step (α = 1): the baseline that shows what
    /// growing buys.
    /// </summary>
    public bool Grow { get; init; } = true;

    /// <summary>Weight γ of the R1 penalty on real images.</summary>
    public double R1Gamma { get; init; } = 1.0;

    /// <summary>The R1 penalty is computed every this many steps and scaled by it (lazy regularisation, Karras et al. 2020).</summary>
    public int R1Every { get; init; } = 4;

    public string Dataset { get; init; } = "emoji";

    /// <summary>The number of resolutions: 4×4 and each doubling up to <see cref="ImageSize"/>.</summary>
    public int Stages => Widths.Count;

    /// <summary>The steps of the whole schedule: 2·(stages − 1) + 1 phases.</summary>
    public int ScheduleSteps => PhaseSteps * (2 * Stages - 1);
}

/// <summary>Where a Progressive GAN is in its growth: the highest active resolution's stage and its fade-in α.</summary>
public readonly record struct GrowthPoint(int Stage, double Alpha)
{
    /// <summary>4·2^stage.</summary>
    public int Resolution => 4 << Stage;

    /// <summary>
    /// The point at an optimizer step: phase 0 trains 4×4; phase 2k − 1 fades stage k in (α rises linearly), phase 2k
    /// trains it alone; after the last phase (or throughout, without <see cref="ProGanConfig.Grow"/>) the full network stays at α = 1.
    /// </summary>
    public static GrowthPoint At(int step, ProGanConfig config)
    {
        if (!config.Grow)
            return Final(config);
        int phase = step / config.PhaseSteps;
        if (phase >= 2 * config.Stages - 1)
            return new GrowthPoint(config.Stages - 1, 1.0);
        int stage = (phase + 1) / 2;
        bool fading = phase % 2 == 1;
        double alpha = fading ? (step - phase * config.PhaseSteps) / (double)config.PhaseSteps : 1.0;
        return new GrowthPoint(stage, alpha);
    }

    public static GrowthPoint Final(ProGanConfig config) => new(config.Stages - 1, 1.0);
}
