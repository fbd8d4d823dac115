using System.Globalization;
using Pigment.Core.Imaging;

namespace Pigment.Core.Data;

/// <summary>Which label an <see cref="EmojiDataset"/> gives its images.</summary>
public enum EmojiLabel
{
    /// <summary>The nine emoji categories (Smileys &amp; Emotion … Flags).</summary>
    Category,

    /// <summary>The drawing style: google (Noto Emoji) or twitter (Twemoji).</summary>
    Style,
}

/// <summary>
/// The bundled emoji (data/emoji): 1,906 emoji drawn in two styles, 64×64 RGB on white, read from one atlas per style
/// in the order of <c>emoji.csv</c>, which also gives each emoji's category and its split. The split is by emoji, so a
/// test emoji is absent from training in both styles. Items are ordered style by style; the label is the category
/// (or the style), and the caption is the emoji's short name.
/// </summary>
public sealed class EmojiDataset : IImageDataset
{
    public const int Size = 64;

    public static readonly string[] Categories =
        ["Smileys & Emotion", "People & Body", "Animals & Nature", "Food & Drink", "Travel & Places", "Activities", "Objects", "Symbols", "Flags"];

    public static readonly string[] Styles = ["google", "twitter"];

    private static readonly Lazy<Bundle> Bundled = new(() => Bundle.Load(Path.Combine(PigmentPaths.DataFolder, "emoji")));

    private readonly (int Style, int Emoji)[] _items;
    private readonly EmojiLabel _label;

    /// <param name="styles">the styles to include, by name; null for both</param>
    public EmojiDataset(DatasetSplit split, IReadOnlyList<string>? styles = null, EmojiLabel label = EmojiLabel.Category)
    {
        styles ??= Styles;
        foreach (var style in styles)
            if (!Styles.Contains(style))
                throw new PigmentException($"Unknown emoji style '{style}': use {string.Join(" or ", Styles)}.");
        var bundle = Bundled.Value;
        var wanted = split == DatasetSplit.Train ? "train" : "test";
        _items = styles.Select(s => Array.IndexOf(Styles, s))
            .SelectMany(s => Enumerable.Range(0, bundle.Entries.Length).Where(e => bundle.Entries[e].Split == wanted).Select(e => (s, e)))
            .ToArray();
        _label = label;
        Name = $"emoji{(styles.Count == 1 ? ":" + styles[0] : label == EmojiLabel.Style ? ":style" : "")}/{wanted}";
    }

    public string Name { get; }

    public int Count => _items.Length;

    public int Width => Size;

    public int Height => Size;

    public int Channels => 3;

    public IReadOnlyList<string> ClassNames => _label == EmojiLabel.Category ? Categories : Styles;

    /// <summary>The style (0 google, 1 twitter) of item <paramref name="index"/>: the second label.</summary>
    public int StyleOf(int index) => _items[index].Style;

    public DatasetItem Get(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside 0..{Count - 1}.");
        var (style, emoji) = _items[index];
        var bundle = Bundled.Value;
        var entry = bundle.Entries[emoji];
        var pixels = bundle.Atlases[style].AsSpan(emoji * Size * Size * 3, Size * Size * 3).ToArray();
        int label = _label == EmojiLabel.Category ? entry.Category : style;
        return new DatasetItem(new PixelImage(Size, Size, 3, pixels), label, entry.ShortName);
    }

    private sealed record Entry(string ShortName, int Category, string Split);

    /// <summary>emoji.csv and the two atlases, cut into one contiguous 64×64×3 block per emoji.</summary>
    private sealed record Bundle(Entry[] Entries, byte[][] Atlases)
    {
        public static Bundle Load(string folder)
        {
            var csv = Path.Combine(folder, "emoji.csv");
            if (!File.Exists(csv))
                throw new PigmentException($"The emoji dataset is missing: no {csv} (data/emoji/README.md says how it is made).");
            var entries = File.ReadLines(csv).Skip(1).Where(l => l.Length > 0).Select((line, i) =>
            {
                var fields = line.Split(',');
                int category = Array.IndexOf(Categories, fields[3]);
                if (fields.Length != 6 || int.Parse(fields[0], CultureInfo.InvariantCulture) != i || category < 0 || fields[5] is not ("train" or "test"))
                    throw new PigmentException($"{csv}, row {i + 2}: expected 'index,unified,short_name,category,subcategory,split', got '{line}'.");
                return new Entry(fields[2], category, fields[5]);
            }).ToArray();
            var atlases = Styles.Select(style => Cut(ImageIO.Load(Path.Combine(folder, style + ".png")), entries.Length, style)).ToArray();
            return new Bundle(entries, atlases);
        }

        private static byte[] Cut(PixelImage atlas, int count, string style)
        {
            int columns = atlas.Width / Size;
            if (atlas.Channels != 3 || atlas.Width % Size != 0 || columns * (atlas.Height / Size) < count)
                throw new PigmentException($"data/emoji/{style}.png is not an RGB atlas of {count} 64×64 cells ({atlas.Width}×{atlas.Height}×{atlas.Channels}).");
            var blocks = new byte[count * Size * Size * 3];
            int row = Size * 3;
            for (int e = 0; e < count; e++)
            {
                int x0 = e % columns * Size, y0 = e / columns * Size;
                for (int y = 0; y < Size; y++)
                    Array.Copy(atlas.Pixels, ((y0 + y) * atlas.Width + x0) * 3, blocks, (e * Size + y) * row, row);
            }
            return blocks;
        }
    }
}
