using TorchSharp;
Console.WriteLine((torch.ones(3) * 2).sum().item<float>());
