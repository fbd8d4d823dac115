using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pigment.Core;
using Pigment.Core.Imaging;
using Pigment.Pipelines.Generation;
using Pigment.Web.Gallery;

namespace Pigment.Web.Jobs;

/// <summary>
/// Runs the queue's jobs one at a time on a thread of its own: generates through the model's
/// <see cref="IImageGenerator"/>, publishes progress with a preview of the current x̂_0 at most every
/// <see cref="PreviewInterval"/>, stops within a step when cancelled, and writes every image to the gallery.
/// </summary>
public sealed class JobWorker(JobQueue queue, ModelHost models, GalleryStore gallery, ILogger<JobWorker> log) : BackgroundService
{
    public static readonly TimeSpan PreviewInterval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Job job;
            try
            {
                job = await queue.TakeAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await Task.Factory.StartNew(() => Run(job), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    private void Run(Job job)
    {
        try
        {
            if (!job.TryStart())
            {
                gallery.UpdateJob(job.Id, JobState.Cancelled);
                return;
            }
            gallery.UpdateJob(job.Id, JobState.Running);
            var generator = models.Get(job.Spec.Model);
            job.SetWarnings(generator.Warnings(job.Request));
            var sincePreview = Stopwatch.StartNew();
            bool first = true;
            using var result = generator.Generate(job.Request, p =>
            {
                string? preview = null;
                if (p.Preview is { } images && (first || sincePreview.Elapsed >= PreviewInterval))
                {
                    preview = Uploads.Base64(ImageIO.EncodePng(ImageGrid.Make(ImageTensor.ToImages(images))), dataUrl: true);
                    sincePreview.Restart();
                    first = false;
                }
                job.Report(p.Fraction, preview);
            }, job.Cancellation);
            var pictures = ImageTensor.ToImages(result.Images);
            for (int i = 0; i < pictures.Length; i++)
            {
                var parameters = result.Parameters[i];
                var text = parameters.Format();
                var image = gallery.AddImage(job.Id, job.Spec.Model, parameters.Prompt, parameters.NegativePrompt, parameters.Seed ?? job.Seed + i,
                    text, ImageIO.EncodePng(pictures[i], text));
                job.AddImage(image.Id);
            }
            Finish(job, JobState.Done);
        }
        catch (OperationCanceledException)
        {
            Finish(job, JobState.Cancelled);
        }
        catch (PigmentException e)
        {
            Finish(job, JobState.Failed, e.Message);
        }
        catch (Exception e)
        {
            log.LogError(e, "job {Id} failed", job.Id);
            Finish(job, JobState.Failed, $"internal error: {e.Message}");
        }
        finally
        {
            queue.Finished(job);
        }
    }

    private void Finish(Job job, JobState state, string? error = null)
    {
        gallery.UpdateJob(job.Id, state, error);
        job.Finish(state, error);
    }
}
