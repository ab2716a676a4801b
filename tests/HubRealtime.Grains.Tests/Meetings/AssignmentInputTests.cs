using HubRealtime.Abstractions.Errors;
using HubRealtime.Grains.Meetings.Assignment;

namespace HubRealtime.Grains.Tests.Meetings;

public sealed class AssignmentInputTests
{
    private static readonly HashSet<string> People = ["ana@a.example", "bo@b.example", "cy@c.example"];
    private static readonly string[] Names = ["Prevention", "Victims, support", "Tech"];

    [Fact]
    public void Csv_takes_names_numbers_a_header_quotes_and_blank_lines()
    {
        var csv = "email,room\r\nANA@a.example , prevention\n\n\"bo@b.example\",\"Victims, support\"\ncy@c.example,3\n";
        var result = CsvAssignment.Parse(csv, People, Names);
        Assert.Equal(0, result["ana@a.example"]);
        Assert.Equal(1, result["bo@b.example"]);
        Assert.Equal(2, result["cy@c.example"]);
    }

    [Theory]
    [InlineData("ana@a.example,Prevention\nzed@z.example,Tech", "CSV line 2", "not a participant")]
    [InlineData("ana@a.example,Prevention\nbo@b.example,Nowhere", "CSV line 2", "no room 'Nowhere'")]
    [InlineData("ana@a.example,4", "CSV line 1", "no room '4'")]
    [InlineData("ana@a.example,0", "CSV line 1", "no room '0'")]
    [InlineData("email,room\nana@a.example,1\nANA@a.example,2", "CSV line 3", "listed twice")]
    [InlineData("ana@a.example", "CSV line 1", "two fields")]
    [InlineData("ana@a.example,1,extra", "CSV line 1", "two fields")]
    [InlineData("not-an-email,1", "CSV line 1", "not an e-mail")]
    [InlineData("\"ana@a.example,1", "CSV line 1", "not closed")]
    [InlineData("ana@a.example,1\nemail,room", "CSV line 2", "not an e-mail")]
    public void Csv_errors_name_the_line(string csv, string line, string problem)
    {
        var error = Assert.Throws<HubRealtimeException>(() => CsvAssignment.Parse(csv, People, Names));
        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
        Assert.StartsWith(line + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_refuses_empty_oversized_and_overlong_input()
    {
        Assert.Throws<HubRealtimeException>(() => CsvAssignment.Parse("  \n ", People, Names));
        Assert.Throws<HubRealtimeException>(() => CsvAssignment.Parse(new string('a', CsvAssignment.MaxLength + 1), People, Names));
        Assert.Throws<HubRealtimeException>(() => CsvAssignment.Parse(string.Concat(Enumerable.Repeat("\n", CsvAssignment.MaxLines + 1)), People, Names));
    }

    [Fact]
    public void Csv_echoes_hostile_values_only_bounded_and_without_control_characters()
    {
        var hostile = "ana@a.example," + new string('x', 500) + "\u0007";
        var error = Assert.Throws<HubRealtimeException>(() => CsvAssignment.Parse(hostile, People, Names));
        Assert.True(error.Message.Length < 300);
        Assert.DoesNotContain('\u0007', error.Message);
    }

    [Fact]
    public void Manual_assignment_checks_people_rooms_and_duplicates()
    {
        string[] rooms = ["m-x-s-r1-1", "m-x-s-r1-2"];
        var ok = ManualAssignment.Assign([("Ana@a.example", "m-x-s-r1-2"), ("bo@b.example", "m-x-s-r1-1")], People, rooms);
        Assert.Equal(1, ok["ana@a.example"]);
        Assert.Equal(0, ok["bo@b.example"]);
        Assert.False(ok.ContainsKey("cy@c.example"));
        Assert.Throws<HubRealtimeException>(() => ManualAssignment.Assign([("zed@z.example", "m-x-s-r1-1")], People, rooms));
        Assert.Throws<HubRealtimeException>(() => ManualAssignment.Assign([("ana@a.example", "m-x-s-r1-3")], People, rooms));
        Assert.Throws<HubRealtimeException>(() => ManualAssignment.Assign([("ana@a.example", "m-x-s-r1-1"), ("ana@a.example", "m-x-s-r1-2")], People, rooms));
    }

    [Fact]
    public void Self_select_respects_the_cap_and_lets_people_switch()
    {
        var assignment = new Dictionary<string, int>();
        SelfSelectAssignment.Choose(assignment, "ana@a.example", 0, 2);
        SelfSelectAssignment.Choose(assignment, "bo@b.example", 0, 2);
        var full = Assert.Throws<HubRealtimeException>(() => SelfSelectAssignment.Choose(assignment, "cy@c.example", 0, 2));
        Assert.Equal(ErrorCodes.RoomFull, full.Code);
        // Choosing the room one is already in never counts oneself against the cap.
        SelfSelectAssignment.Choose(assignment, "ana@a.example", 0, 2);
        SelfSelectAssignment.Choose(assignment, "ana@a.example", 1, 2);
        SelfSelectAssignment.Choose(assignment, "cy@c.example", 0, 2);
        Assert.Equal(0, assignment["cy@c.example"]);
        Assert.Throws<HubRealtimeException>(() => SelfSelectAssignment.ValidateCap(0));
        Assert.Throws<HubRealtimeException>(() => SelfSelectAssignment.ValidateCap(null));
    }
}
