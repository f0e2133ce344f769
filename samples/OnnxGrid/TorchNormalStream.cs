namespace OnnxGrid;

/// <summary>
/// The latent codes of `dcgan sample --seed S`, without libtorch: dcgan draws them with torch.randn
/// on a CPU generator seeded with S, 64 codes at a time. libtorch's CPU generator is MT19937 seeded
/// with the seed's low 32 bits; randn of 16 or more floats fills the tensor with uniforms (24 random
/// bits each) and turns each block of 16 into normals by Box-Muller, redrawing the last 16 when the
/// size is not a multiple of 16. Repeating that gives the same codes up to the last bits of log,
/// sin and cos, so image i here is image i of `dcgan sample --seed S`.
/// </summary>
internal static class TorchNormalStream
{
    const int ChunkSize = 64;

    /// <summary>Codes 0 to count - 1 of seed <paramref name="seed"/>: count * nz floats, code after code.</summary>
    public static float[] Codes(ulong seed, int count, int nz)
    {
        var random = new Mt19937((uint)seed);
        var codes = new float[count * nz];
        for (var filled = 0; filled < count; filled += ChunkSize)
        {
            var chunk = Randn(random, ChunkSize * nz);
            Array.Copy(chunk, 0, codes, filled * nz, Math.Min(ChunkSize, count - filled) * nz);
        }
        return codes;
    }

    static float[] Randn(Mt19937 random, int size)
    {
        var data = new double[size];
        for (var i = 0; i < size; i++)
            data[i] = random.Uniform();
        for (var i = 0; i + 16 <= size; i += 16)
            BoxMuller16(data, i);
        if (size % 16 != 0)
        {
            for (var i = size - 16; i < size; i++)
                data[i] = random.Uniform();
            BoxMuller16(data, size - 16);
        }
        return Array.ConvertAll(data, v => (float)v);
    }

    static void BoxMuller16(double[] data, int start)
    {
        for (var j = 0; j < 8; j++)
        {
            var radius = Math.Sqrt(-2 * Math.Log(1 - data[start + j]));
            var theta = 2 * Math.PI * data[start + j + 8];
            data[start + j] = radius * Math.Cos(theta);
            data[start + j + 8] = radius * Math.Sin(theta);
        }
    }

    /// <summary>The 32-bit Mersenne Twister (MT19937), as libtorch's CPU generator runs it.</summary>
    sealed class Mt19937
    {
        readonly uint[] state = new uint[624];
        int index = 624;

        public Mt19937(uint seed)
        {
            state[0] = seed;
            for (uint i = 1; i < 624; i++)
                state[i] = unchecked(1812433253u * (state[i - 1] ^ (state[i - 1] >> 30)) + i);
        }

        /// <summary>A float in [0, 1) from the low 24 bits of the next draw, as torch's uniform_real_distribution&lt;float&gt;.</summary>
        public double Uniform() => (Next() & 0xffffff) / 16777216.0;

        uint Next()
        {
            if (index >= 624)
                Twist();
            var y = state[index++];
            y ^= y >> 11;
            y ^= (y << 7) & 0x9d2c5680u;
            y ^= (y << 15) & 0xefc60000u;
            y ^= y >> 18;
            return y;
        }

        void Twist()
        {
            for (var i = 0; i < 624; i++)
            {
                var y = (state[i] & 0x80000000u) | (state[(i + 1) % 624] & 0x7fffffffu);
                var value = state[(i + 397) % 624] ^ (y >> 1);
                if ((y & 1) != 0)
                    value ^= 0x9908b0dfu;
                state[i] = value;
            }
            index = 0;
        }
    }
}
