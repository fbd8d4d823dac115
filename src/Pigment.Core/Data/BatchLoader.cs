using System.Collections.Concurrent;
using Pigment.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Core.Data;

/// <summary>
/// Feeds training: a background thread reads, augments and batches the dataset a few batches ahead, so the
/// training step rarely waits. The order is a function of the seed alone — epoch e uses the permutation drawn
/// from (seed, e), and batch i of it the augmentation generator (seed, e, i) — so a run resumed at batch k
/// (<c>startBatch</c>) sees exactly the batches it would have seen.
/// </summary>
public sealed class BatchLoader : IDisposable
{
    private readonly IImageDataset _dataset;
    private readonly int _batchSize;
    private readonly long _seed;
    private readonly bool _shuffle;
    private readonly PixelRange _range;
    private readonly AugmentationOptions _augmentation;
    private readonly BlockingCollection<Batch> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _worker;
    private Exception? _failure;

    public BatchLoader(IImageDataset dataset, int batchSize, long seed, bool shuffle = true,
        PixelRange range = PixelRange.MinusOneToOne, AugmentationOptions? augmentation = null,
        long startBatch = 0, int prefetch = 3)
    {
        if (batchSize < 1)
            throw new PigmentException($"The batch size must be at least 1, not {batchSize}.");
        if (dataset.Count < batchSize)
            throw new PigmentException($"The dataset {dataset.Name} has {dataset.Count} images, fewer than one batch of {batchSize}.");
        (augmentation ?? AugmentationOptions.None).Validate();
        _dataset = dataset;
        _batchSize = batchSize;
        _seed = seed;
        _shuffle = shuffle;
        _range = range;
        _augmentation = augmentation ?? AugmentationOptions.None;
        _queue = new BlockingCollection<Batch>(Math.Max(1, prefetch));
        _worker = new Thread(() => Produce(startBatch)) { IsBackground = true, Name = "Pigment batch loader" };
        _worker.Start();
    }

    /// <summary>Full batches per epoch (a last partial batch is dropped, so every batch has the same size).</summary>
    public int BatchesPerEpoch => _dataset.Count / _batchSize;

    /// <summary>The next batch, waiting for it if needed; rethrows a failure of the background thread.</summary>
    public Batch Next()
    {
        try
        {
            return _queue.Take(_stop.Token);
        }
        catch (InvalidOperationException) when (_failure is not null)
        {
            throw new PigmentException($"Loading {_dataset.Name} failed: {_failure.Message}", _failure);
        }
    }

    /// <summary>The permutation of item indices for one epoch.</summary>
    public int[] Order(long epoch)
    {
        var order = Enumerable.Range(0, _dataset.Count).ToArray();
        if (_shuffle)
            new Random(Seeds.Mix(_seed, epoch)).Shuffle(order);
        return order;
    }

    private void Produce(long batch)
    {
        try
        {
            long epoch = -1;
            int[] order = [];
            while (!_stop.IsCancellationRequested)
            {
                long e = batch / BatchesPerEpoch;
                int i = (int)(batch % BatchesPerEpoch);
                if (e != epoch)
                {
                    epoch = e;
                    order = Order(epoch);
                }
                _queue.Add(Build(order.AsSpan(i * _batchSize, _batchSize).ToArray(), epoch, i), _stop.Token);
                batch++;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    private Batch Build(int[] indices, long epoch, int index)
    {
        var items = new DatasetItem[indices.Length];
        Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, k => items[k] = _dataset.Get(indices[k]));
        using var scope = torch.NewDisposeScope();
        var images = ImageTensor.ToBatch(items.Select(it => it.Image.WithChannels(_dataset.Channels)).ToList());
        if (!_augmentation.IsIdentity)
        {
            using var generator = Seeds.Generator(Seeds.Mix(_seed, epoch, index));
            images = Augmentation.Apply(images, _augmentation, generator);
        }
        if (_range == PixelRange.MinusOneToOne)
            images = images.Mul(2).Sub(1); // [0, 1] → [−1, 1]
        var labels = torch.tensor(items.Select(it => (long)it.Label).ToArray());
        return new Batch(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope(), items.Select(it => it.Caption).ToArray(), epoch, index);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _worker.Join();
        while (_queue.TryTake(out var pending))
            pending.Dispose();
        _queue.Dispose();
        _stop.Dispose();
    }
}
