namespace Pigment.Models;

/// <summary>
/// An objective whose model changes with the step: a Progressive GAN grows a resolution at set steps. The shared
/// trainer calls <see cref="BeginStep"/> before every optimizer step, and before a preview, with the step about to be
/// taken, so a resumed run is at the same point of its schedule as the run that was stopped.
/// </summary>
public interface IStepAwareObjective
{
    void BeginStep(int step);
}
