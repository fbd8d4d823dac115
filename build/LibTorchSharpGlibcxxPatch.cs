// An MSBuild task, compiled by RoslynCodeTaskFactory from Directory.Build.targets.
//
// Why this exists
// ---------------
// TorchSharp 0.107's native glue, libLibTorchSharp.so, was linked with GCC 13. GCC 13 makes every object that
// includes <iostream> reference std::ios_base_library_init() (_ZSt21ios_base_library_initv), a symbol that first
// appeared in libstdc++ with version GLIBCXX_3.4.32. Debian 12 ships GCC 12's libstdc++, whose newest version node is
// GLIBCXX_3.4.30, so the dynamic loader refuses the library: "version `GLIBCXX_3.4.32' not found".
//
// The reference is only a start-up hook that is never called here (libtorch's own initialisers set the standard
// streams up). The ELF format lets a library mark a needed version as weak: glibc's loader then reports nothing when
// the version is absent (see VER_FLG_WEAK in <elf.h> and match_symbol() in glibc's dl-version.c). So we set
// VER_FLG_WEAK on the single Vernaux entry named GLIBCXX_3.4.32 in the library's .gnu.version_r section.
//
// Rules it keeps: it only touches the copies under the build's output folder; it runs only when the system
// libstdc++ lacks GLIBCXX_3.4.32 (a no-op on newer distributions); it is idempotent (a patched file is left alone);
// and it changes two bytes, nothing else.
using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class LibTorchSharpGlibcxxPatch : Task
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe; // SHT_GNU_verneed
    private const ushort VerFlgWeak = 0x2;          // VER_FLG_WEAK

    private static readonly string[] SystemLibStdCxx =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    /// <summary>The folder whose libLibTorchSharp.so copies (at any depth) are checked.</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !Directory.Exists(OutputDirectory))
            return true;

        var libstdcxx = SystemLibStdCxx.FirstOrDefault(File.Exists);
        if (libstdcxx is null || ContainsAscii(File.ReadAllBytes(libstdcxx), MissingVersion + "\0"))
            return true; // a libstdc++ from GCC 13 or newer, or none we know: nothing to do

        foreach (var path in Directory.EnumerateFiles(OutputDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories))
        {
            try
            {
                var outcome = PatchFile(path);
                if (outcome == Outcome.Patched)
                    Log.LogMessage(MessageImportance.High, $"Pigment: marked {MissingVersion} weak in {path} (system libstdc++ lacks it)");
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.LogError($"Pigment: could not patch {path}: {e.Message}");
                return false;
            }
        }
        return true;
    }

    private enum Outcome { Patched, AlreadyWeak, NoSuchVersion }

    private static Outcome PatchFile(string path)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");

        // ELF64 header: e_shoff at 0x28, e_shentsize at 0x3A, e_shnum at 0x3C.
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);

        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) // sh_type
                continue;
            long verneedOffset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18); // sh_offset
            int strtabIndex = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);     // sh_link -> .dynstr
            int verneedCount = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);    // sh_info = number of Verneed
            long strtabOffset = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)strtabIndex * shentsize) + 0x18);

            // Elf64_Verneed { u16 vn_version, u16 vn_cnt, u32 vn_file, u32 vn_aux, u32 vn_next }
            // Elf64_Vernaux { u32 vna_hash, u16 vna_flags, u16 vna_other, u32 vna_name, u32 vna_next }
            long need = verneedOffset;
            for (int n = 0; n < verneedCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    long name = strtabOffset + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, name) == MissingVersion)
                    {
                        int flagsAt = (int)aux + 4;
                        ushort flags = BitConverter.ToUInt16(elf, flagsAt);
                        if ((flags & VerFlgWeak) != 0)
                            return Outcome.AlreadyWeak;
                        WriteFlags(path, flagsAt, (ushort)(flags | VerFlgWeak));
                        return Outcome.Patched;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return Outcome.NoSuchVersion;
    }

    private static void WriteFlags(string path, int offset, ushort flags)
    {
        // The copy in the output folder may be hard-linked to the NuGet cache; write a new file and move it into
        // place so the cache's copy is never modified.
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(flags).CopyTo(bytes, offset);
        var temp = path + ".patching";
        File.WriteAllBytes(temp, bytes);
        File.Delete(path);
        File.Move(temp, path);
    }

    private static string ReadCString(byte[] data, long offset)
    {
        int end = (int)offset;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)offset, end - (int)offset);
    }

    private static bool ContainsAscii(byte[] haystack, string needle)
    {
        var pattern = Encoding.ASCII.GetBytes(needle);
        for (int i = 0; i + pattern.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < pattern.Length && haystack[i + j] == pattern[j]) j++;
            if (j == pattern.Length) return true;
        }
        return false;
    }
}
