using Pigment.Core;
using Pigment.Core.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.TextEncoders;

/// <summary>
/// CLIP's symmetric contrastive loss (InfoNCE) with hard negatives. For B images with captions and one corrupted
/// caption per image (<see cref="CaptionNegatives"/>), with unit embeddings and logit scale s:
/// image→text: softmax over the B captions and B negatives, target the image's own caption;
/// text→image: softmax over the B images, target the caption's image. Loss = ½ (CE_i→t + CE_t→i). A caption that
/// is word for word the same as another item's describes that image too, so it is masked out, not pushed away.
/// </summary>
public sealed class ClipObjective : ITrainingObjective
{
    public const string FamilyName = "clip";

    public ClipObjective(TextEncoderConfig config)
    {
        Config = config;
        Clip = new ClipModel(config);
    }

    public TextEncoderConfig Config { get; }

    public ClipModel Clip { get; }

    public string Family => FamilyName;

    public nn.Module Model => Clip;

    public nn.Module CreateModel() => new ClipModel(Config);

    public Tensor Loss(nn.Module model, Batch batch, Generator generator)
    {
        var clip = (ClipModel)model;
        using var scope = torch.NewDisposeScope();
        var captions = batch.Captions.Select(c => c ?? throw new PigmentException("CLIP trains on captioned images; this dataset has none.")).ToArray();
        var random = new Random((int)torch.randint(0, int.MaxValue, [1], generator: generator).item<long>());
        var negatives = captions.Select(c => CaptionNegatives.Corrupt(c, random)).ToArray();
        string[] texts = [.. captions, .. negatives];
        int b = captions.Length;

        using var encoding = clip.EncodeText(texts, batch.Images.device);
        var t = nn.functional.normalize(encoding.Pooled, dim: 1);                       // (2B, E)
        var i = nn.functional.normalize(clip.Image.call(batch.Images), dim: 1);        // (B, E)
        var logits = torch.matmul(i, t.t()) * clip.Scale();                            // (B, 2B): s · cos(image, text)

        // Texts equal to item k's caption, other than k's own, are true of image k too: out of the softmax.
        var normalised = texts.Select(x => string.Join(' ', WordTokenizer.Words(x))).ToArray();
        var same = new bool[b * 2 * b];
        for (int k = 0; k < b; k++)
            for (int j = 0; j < 2 * b; j++)
                same[k * 2 * b + j] = j != k && normalised[j] == normalised[k];
        var mask = torch.tensor(same, [b, 2 * b], device: logits.device);
        logits = logits.MaskedFill(mask, double.NegativeInfinity);

        var targets = ScalarMath.Arange(b, logits.device);
        var imageToText = nn.functional.cross_entropy(logits, targets);
        var textToImage = nn.functional.cross_entropy(logits.narrow(1, 0, b).t(), targets);
        return imageToText.Plus(textToImage).Div(2.0).MoveToOuterDisposeScope();
    }
}
