using System.Buffers.Binary;
using System.Text;
using Pigment.Core;
using Pigment.Core.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Tests.Core;

public class CheckpointTests
{
    [Fact]
    public void ByteLayoutFollowsTheSpecification()
    {
        using var t = torch.tensor(new float[] { 1, 2 });
        var bytes = SafeTensors.Serialize(new Dictionary<string, Tensor> { ["w"] = t }, new Dictionary<string, string> { ["format"] = "pt" });
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Equal("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header.TrimEnd(' '));
        Assert.Equal(0UL, (8 + n) % 8);                      // header padded with spaces so data is 8-byte aligned
        Assert.Equal((int)(8 + n + 8), bytes.Length);        // then exactly the 8 data bytes
        Assert.Equal(1f, BitConverter.ToSingle(bytes, 8 + (int)n));  // little-endian float32
        Assert.Equal(2f, BitConverter.ToSingle(bytes, 12 + (int)n));
    }

    [Fact]
    public void RoundTripKeepsEveryDtypeAndMetadata()
    {
        using var temp = new TempFolder();
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = torch.randn(3, 4, generator: new Generator(1)),
            ["f16"] = torch.randn(5, generator: new Generator(2)).to_type(ScalarType.Float16),
            ["bf16"] = torch.randn(2, 2, generator: new Generator(3)).to_type(ScalarType.BFloat16),
            ["i64"] = torch.tensor(new long[] { -5, 1L << 40 }),
            ["u8"] = torch.tensor(new byte[] { 0, 7, 255 }),
            ["scalar"] = torch.tensor(3.5f),
            ["empty"] = torch.zeros(0, 3),
        };
        SafeTensors.Save(temp.File("m.safetensors"), tensors, new Dictionary<string, string> { ["step"] = "12" });
        using var back = SafeTensors.Load(temp.File("m.safetensors"));
        Assert.Equal("12", back.Metadata["step"]);
        foreach (var (name, tensor) in tensors)
        {
            var loaded = back.Tensors[name];
            Assert.Equal(tensor.dtype, loaded.dtype);
            Assert.Equal(tensor.shape, loaded.shape);
            Assert.True(TensorAssert.Same(tensor, loaded), name);
            tensor.Dispose();
        }
    }

    [Fact]
    public void MalformedFilesAreRejectedWithTheReason()
    {
        using var t = torch.ones(4);
        var good = SafeTensors.Serialize(new Dictionary<string, Tensor> { ["a"] = t });
        Assert.Contains("shorter", Assert.Throws<PigmentException>(() => SafeTensors.Deserialize([1, 2, 3])).Message);
        Assert.Contains("cover", Assert.Throws<PigmentException>(() => SafeTensors.Deserialize(good[..^4])).Message);
        var hugeHeader = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(hugeHeader, 1UL << 40);
        Assert.Contains("header length", Assert.Throws<PigmentException>(() => SafeTensors.Deserialize(hugeHeader)).Message);
        var badJson = (byte[])good.Clone();
        badJson[8] = (byte)'[';
        Assert.Throws<PigmentException>(() => SafeTensors.Deserialize(badJson));
    }

    private sealed class Tiny : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> linear;
        private readonly nn.Module<Tensor, Tensor> norm;

        public Tiny(int hidden) : base(nameof(Tiny))
        {
            linear = nn.Linear(3, hidden);
            norm = nn.BatchNorm1d(hidden);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => norm.call(linear.call(x));
    }

    [Fact]
    public void StrictLoadingRoundTripsAndNamesBadKeys()
    {
        using var temp = new TempFolder();
        torch.manual_seed(5);
        using var a = new Tiny(4);
        StateDict.Save(a, temp.File("a.safetensors"));
        using var b = new Tiny(4);
        StateDict.Load(b, temp.File("a.safetensors"));
        foreach (var (key, value) in a.state_dict())
            Assert.True(TensorAssert.Same(value, b.state_dict()[key]), key);

        using var wrongShape = new Tiny(5);
        var e = Assert.Throws<PigmentException>(() => StateDict.Load(wrongShape, temp.File("a.safetensors")));
        Assert.Contains("shape mismatches: linear.weight (model [5, 3], file [4, 3])", e.Message);

        var partial = a.state_dict().Where(p => p.Key != "linear.bias").ToDictionary(p => p.Key, p => p.Value);
        partial["extra.weight"] = torch.zeros(1);
        SafeTensors.Save(temp.File("p.safetensors"), partial);
        var e2 = Assert.Throws<PigmentException>(() => StateDict.Load(b, temp.File("p.safetensors")));
        Assert.Contains("missing keys: linear.bias", e2.Message);
        Assert.Contains("unexpected keys: extra.weight", e2.Message);
    }

    public sealed record SampleConfig(int BaseChannels, double Dropout, IReadOnlyList<int> ChannelMultipliers, string Schedule = "cosine");

    [Fact]
    public void ConfigJsonIsSnakeCaseAndStrict()
    {
        using var temp = new TempFolder();
        var config = new SampleConfig(32, 0.1, [1, 2, 2]);
        ConfigJson.Save(temp.File("config.json"), config);
        var text = File.ReadAllText(temp.File("config.json"));
        Assert.Contains("\"base_channels\": 32", text);
        Assert.Contains("\"channel_multipliers\"", text);
        var back = ConfigJson.Load<SampleConfig>(temp.File("config.json"));
        Assert.Equal(config.ChannelMultipliers, back.ChannelMultipliers);
        Assert.Equal(config with { ChannelMultipliers = back.ChannelMultipliers }, back);

        var e = Assert.Throws<PigmentException>(() => ConfigJson.Deserialize<SampleConfig>("{\"base_channels\": 1, \"dropout\": 0, \"channel_multipliers\": [], \"colour\": 3}", "x.json"));
        Assert.Contains("x.json", e.Message);
        Assert.Contains("colour", e.Message);
    }

    [Fact]
    public void AtomicWritesLeaveNothingBehindOnFailure()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("keep.txt"), "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(temp.File("keep.txt"), s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(temp.File("keep.txt")));
        Assert.Single(Directory.GetFiles(temp.Path));
    }
}
