using HubRealtime.Abstractions.Errors;
using HubRealtime.Grains.Agencies;

namespace HubRealtime.Grains.Tests.Agencies;

public sealed class CountryCodesTests
{
    [Fact]
    public void The_list_holds_the_249_assigned_alpha_2_codes()
    {
        Assert.Equal(249, CountryCodes.Assigned.Count);
        Assert.All(CountryCodes.Assigned, c => Assert.Matches("^[A-Z]{2}$", c));
        Assert.Superset(new HashSet<string> { "AX", "BQ", "CW", "FR", "GB", "KE", "PS", "SS", "SX", "TW", "US", "ZW" }, new HashSet<string>(CountryCodes.Assigned));
    }

    [Theory]
    [InlineData("XK")]
    [InlineData("EU")]
    [InlineData("UK")]
    [InlineData("AN")]
    [InlineData("ZZ")]
    [InlineData("F R")]
    public void Reserved_user_assigned_and_withdrawn_codes_are_refused(string code) =>
        Assert.Equal(ErrorCodes.InvalidArgument, Assert.Throws<HubRealtimeException>(() => CountryCodes.Normalize(code)).Code);

    [Fact]
    public void Codes_are_trimmed_and_upper_cased() => Assert.Equal("NG", CountryCodes.Normalize(" ng "));
}
