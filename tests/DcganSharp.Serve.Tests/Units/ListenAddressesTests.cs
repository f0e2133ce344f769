using Xunit;

namespace DcganSharp.Serve.Tests.Units;

/// <summary>--urls: which addresses stay on this machine, which reach beyond it (and warn), which are refused.</summary>
public sealed class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5123")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://127.1.2.3:80")]
    [InlineData("http://localhost:5123")]
    [InlineData("http://LocalHost:5123")]
    [InlineData("http://[::1]:0")]
    [InlineData("http://127.0.0.1:5123;http://[::1]:5123")]
    public void Loopback_addresses_need_no_warning(string urls)
    {
        var addresses = ListenAddresses.Parse([urls]);

        Assert.True(addresses.LoopbackOnly);
        Assert.Null(addresses.Warning());
    }

    [Theory]
    [InlineData("http://0.0.0.0:5123")]
    [InlineData("http://[::]:5123")]
    [InlineData("http://*:5123")]
    [InlineData("http://+:5123")]
    [InlineData("http://192.168.1.20:5123")]
    [InlineData("http://my-laptop:5123")]
    [InlineData("http://127.0.0.1:5123;http://0.0.0.0:5124")]
    public void Addresses_beyond_loopback_get_a_warning_naming_them(string urls)
    {
        var addresses = ListenAddresses.Parse([urls]);

        Assert.False(addresses.LoopbackOnly);
        var warning = addresses.Warning();
        Assert.NotNull(warning);
        Assert.StartsWith("warning: ", warning);
        Assert.Contains(addresses.BeyondLoopback[0], warning);
        Assert.DoesNotContain('\n', warning);
    }

    [Theory]
    [InlineData("https://127.0.0.1:5123", "only http://")]
    [InlineData("127.0.0.1:5123", "is not a URL")]
    [InlineData("http://127.0.0.1:99999", "")]
    [InlineData("http://127.0.0.1:5123/base", "a path is not supported")]
    [InlineData("http://localhost:0", "port 0")]
    [InlineData("http://unix:/tmp/dcgan.sock", "only http://HOST:PORT")]
    [InlineData(" ; ", "at least one address")]
    public void Unusable_addresses_are_usage_errors(string urls, string mentions)
    {
        var error = Assert.Throws<DcganException>(() => ListenAddresses.Parse([urls]));

        Assert.Equal(2, error.ExitCode);
        Assert.Contains(mentions, error.Message);
    }
}
