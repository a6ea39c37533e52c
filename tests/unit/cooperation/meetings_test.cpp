// Meetings (src/cooperation/meetings): the invitation's calendar file (iTIP REQUEST and CANCEL), the
// meeting's UID, and the minutes' markdown reduced to blocks for the report's PDF.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include "cooperation/meetings/ics.hpp"
#include "cooperation/meetings/minutes.hpp"
#include "platform/core/calendar.hpp"

using namespace trame::meetings;

namespace {

// The content lines of an iCalendar text, unfolded (RFC 5545 §3.1), after checking that every
// physical line ends with CRLF and holds at most 75 octets.
std::vector<std::string> unfolded_lines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < ics.size()) {
    std::size_t end = ics.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
    if (end == std::string::npos) break;
    std::string line = ics.substr(start, end - start);
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << "no bare LF";
    if (!line.empty() && line[0] == ' ') {
      EXPECT_FALSE(lines.empty());
      if (!lines.empty()) lines.back() += line.substr(1);
    } else {
      lines.push_back(line);
    }
    start = end + 2;
  }
  return lines;
}

// name (without parameters) → the first line's whole text (with parameters), and how many times.
struct Parsed {
  std::map<std::string, std::string> first;
  std::map<std::string, int> count;
  std::vector<std::string> order;
};

Parsed parse(const std::string& ics) {
  Parsed p;
  for (const auto& line : unfolded_lines(ics)) {
    std::size_t colon = line.find(':');
    std::size_t semi = line.find(';');
    std::size_t name_end = std::min(colon, semi);
    std::string name = line.substr(0, name_end);
    std::string key = name == "BEGIN" || name == "END" ? name + ":" + line.substr(colon + 1) : name;
    if (!p.first.count(key)) p.first[key] = line;
    ++p.count[key];
    p.order.push_back(key);
  }
  return p;
}

CalendarInvite sample() {
  CalendarInvite in;
  in.uid = meeting_uid(42, "https://trame.example.org");
  in.starts_at = 1910271600;  // 2030-07-14T15:00:00Z (17:00 in Paris)
  in.ends_at = 1910278800;    // 17:00Z
  in.stamp = 1900000000;
  in.sequence = 0;
  in.summary = "Atelier de diagnostic, lecture; écoute";
  in.description = "Ordre du jour :\n1. Tour de table\n2. Synthèse";
  in.location = "Médiathèque de Ligné, salle d'animation";
  in.url = "https://trame.example.org/cooperation/projets/3/reunions/42";
  in.organizer_name = "Formation \"Sagiterre\"";
  in.organizer_email = "formation@sagiterre.local";
  in.attendee_name = "Camille Martin";
  in.attendee_email = "camille@exemple.org";
  return in;
}

}  // namespace

TEST(MeetingsIcs, UidIsStablePerMeetingAndNamesTheHost) {
  EXPECT_EQ(meeting_uid(42, "https://trame.example.org"), "cooperation-meeting-42@trame.example.org");
  EXPECT_EQ(meeting_uid(42, "https://trame.example.org/"), meeting_uid(42, "https://trame.example.org"));
  EXPECT_EQ(meeting_uid(7, "http://127.0.0.1:8080"), "cooperation-meeting-7@127.0.0.1");
  EXPECT_EQ(meeting_uid(7, ""), "cooperation-meeting-7@trame");
  EXPECT_NE(meeting_uid(7, "https://a.example"), meeting_uid(8, "https://a.example"));
}

TEST(MeetingsIcs, RequestIsAValidItipInvitation) {
  std::string ics = invitation_ics(sample());
  Parsed p = parse(ics);
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  EXPECT_EQ(p.first["METHOD"], "METHOD:REQUEST");
  EXPECT_EQ(p.count["BEGIN:VEVENT"], 1);
  EXPECT_EQ(p.count["END:VEVENT"], 1);
  // RFC 5546 §3.2.2: a REQUEST carries ORGANIZER, ATTENDEE, DTSTAMP, DTSTART, SEQUENCE, SUMMARY, UID.
  for (const char* required :
       {"UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "ORGANIZER", "ATTENDEE", "PRODID", "VERSION"})
    EXPECT_EQ(p.count[required], 1) << required << "\n" << ics;
  EXPECT_EQ(p.first["UID"], "UID:cooperation-meeting-42@trame.example.org");
  EXPECT_EQ(p.first["DTSTART"], "DTSTART:20300714T150000Z");
  EXPECT_EQ(p.first["DTEND"], "DTEND:20300714T170000Z");
  EXPECT_EQ(p.first["DTSTAMP"], "DTSTAMP:20300317T174640Z");
  EXPECT_EQ(p.first["SEQUENCE"], "SEQUENCE:0");
  EXPECT_EQ(p.first["STATUS"], "STATUS:CONFIRMED");
  // TEXT values escaped; parameter values quoted, their double quotes dropped.
  EXPECT_EQ(p.first["SUMMARY"], "SUMMARY:Atelier de diagnostic\\, lecture\\; écoute");
  EXPECT_EQ(p.first["DESCRIPTION"], "DESCRIPTION:Ordre du jour :\\n1. Tour de table\\n2. Synthèse");
  EXPECT_EQ(p.first["LOCATION"], "LOCATION:Médiathèque de Ligné\\, salle d'animation");
  EXPECT_EQ(p.first["ORGANIZER"], "ORGANIZER;CN=\"Formation Sagiterre\":mailto:formation@sagiterre.local");
  EXPECT_EQ(p.first["ATTENDEE"].rfind("ATTENDEE;CN=\"Camille Martin\";", 0), 0u) << p.first["ATTENDEE"];
  EXPECT_NE(p.first["ATTENDEE"].find("PARTSTAT=NEEDS-ACTION"), std::string::npos);
  EXPECT_EQ(p.first["ATTENDEE"].substr(p.first["ATTENDEE"].size() - 26), "mailto:camille@exemple.org");
  // The event sits inside the calendar, METHOD before it.
  auto pos = [&](const std::string& key) { return std::find(p.order.begin(), p.order.end(), key) - p.order.begin(); };
  EXPECT_LT(pos("METHOD"), pos("BEGIN:VEVENT"));
  EXPECT_LT(pos("BEGIN:VEVENT"), pos("UID"));
  EXPECT_LT(pos("STATUS"), pos("END:VEVENT"));
  EXPECT_EQ(invitation_content_type(false), "text/calendar; method=REQUEST; charset=UTF-8");
}

TEST(MeetingsIcs, CancelKeepsTheUidWithAHigherSequence) {
  CalendarInvite in = sample();
  std::string request = invitation_ics(in);
  in.sequence = 2;
  in.cancel = true;
  std::string cancel = invitation_ics(in);
  Parsed r = parse(request), c = parse(cancel);
  EXPECT_EQ(c.first["METHOD"], "METHOD:CANCEL");
  EXPECT_EQ(c.first["STATUS"], "STATUS:CANCELLED");
  EXPECT_EQ(c.first["UID"], r.first["UID"]);
  EXPECT_EQ(c.first["SEQUENCE"], "SEQUENCE:2");
  EXPECT_EQ(c.count["ORGANIZER"], 1);
  EXPECT_EQ(c.count["ATTENDEE"], 1);
  EXPECT_EQ(invitation_content_type(true), "text/calendar; method=CANCEL; charset=UTF-8");
}

TEST(MeetingsIcs, LongValuesAreFoldedAndControlCharactersDropped) {
  CalendarInvite in = sample();
  in.summary.assign(40, 'a');
  in.summary.append(" — réunion de conception de l'action, avec les habitant·es et les partenaires");
  in.description.clear();
  for (int i = 0; i < 20; ++i) in.description += "Point " + std::to_string(i) + " : échanges, synthèse;\n";
  in.attendee_name = std::string("Nom\r\navec\x01 contrôle");
  std::string ics = invitation_ics(in);
  Parsed p = parse(ics);  // checks CRLF and 75 octets
  std::string expected = "SUMMARY:";
  expected.append(40, 'a');
  expected.append(" — réunion de conception de l'action\\, avec les habitant·es et les partenaires");
  EXPECT_EQ(p.first["SUMMARY"], expected);
  EXPECT_EQ(p.first["ATTENDEE"].rfind("ATTENDEE;CN=\"Nomavec contrôle\";", 0), 0u) << p.first["ATTENDEE"];
  // A fold never splits a UTF-8 character.
  for (std::size_t f = ics.find("\r\n "); f != std::string::npos; f = ics.find("\r\n ", f + 1))
    EXPECT_NE(static_cast<unsigned char>(ics[f + 3]) & 0xC0, 0x80);
  // An end not after the start is written as the start (never DTEND before DTSTART).
  in.ends_at = in.starts_at - 60;
  EXPECT_EQ(parse(invitation_ics(in)).first["DTEND"], "DTEND:20300714T150000Z");
}

// The form's times are Paris wall-clock times; the file holds UTC, summer and winter alike.
TEST(MeetingsIcs, ParisTimesBecomeUtc) {
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  CalendarInvite in = sample();
  in.starts_at = trame::parse_local("2030-07-14T14:00");
  in.ends_at = trame::parse_local("2030-07-14T16:30");
  Parsed summer = parse(invitation_ics(in));
  in.starts_at = trame::parse_local("2030-01-14T14:00");
  in.ends_at = trame::parse_local("2030-01-14T16:30");
  Parsed winter = parse(invitation_ics(in));
  if (old) {
    setenv("TZ", saved.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
  EXPECT_EQ(summer.first["DTSTART"], "DTSTART:20300714T120000Z");
  EXPECT_EQ(summer.first["DTEND"], "DTEND:20300714T143000Z");
  EXPECT_EQ(winter.first["DTSTART"], "DTSTART:20300114T130000Z");
  EXPECT_EQ(winter.first["DTEND"], "DTEND:20300114T153000Z");
}

TEST(MeetingsMinutes, MarkdownBecomesPlainBlocks) {
  auto blocks = minutes_blocks(
      "## Tour de table\n\nChaque structure a **présenté** ce qu'elle fait\ndéjà, voir [le site](https://ex.org).\n\n"
      "- Les aîné·es *lisent*\n- Les jeunes `enregistrent`\n\n1. Premier\n2. Second\n\n---\n> Une citation\n");
  ASSERT_EQ(blocks.size(), 7u);
  EXPECT_TRUE(blocks[0].heading);
  EXPECT_EQ(blocks[0].text, "Tour de table");
  EXPECT_FALSE(blocks[1].heading);
  EXPECT_EQ(blocks[1].text, "Chaque structure a présenté ce qu'elle fait déjà, voir le site (https://ex.org).");
  EXPECT_EQ(blocks[2].text, "• Les aîné·es lisent");
  EXPECT_EQ(blocks[3].text, "• Les jeunes enregistrent");
  EXPECT_EQ(blocks[4].text, "1. Premier");
  EXPECT_EQ(blocks[5].text, "2. Second");
  EXPECT_EQ(blocks[6].text, "Une citation");
  EXPECT_TRUE(minutes_blocks("").empty());
  EXPECT_TRUE(minutes_blocks("\n\n  \n").empty());
}

TEST(MeetingsMinutes, InlineMarksAreRemovedButWordsKept) {
  EXPECT_EQ(plain_inline("un mot_composé et _emphase_"), "un mot_composé et emphase");
  EXPECT_EQ(plain_inline("<https://ex.org/a>"), "https://ex.org/a");
  EXPECT_EQ(plain_inline("<b>gras</b>"), "<b>gras</b>");  // text, never markup, in a PDF
  EXPECT_EQ(plain_inline("\\*pas d'emphase\\*"), "*pas d'emphase*");
  EXPECT_EQ(plain_inline("[https://ex.org](https://ex.org)"), "https://ex.org");
  auto headed = minutes_blocks("# Titre #\n#pas un titre");
  ASSERT_EQ(headed.size(), 2u);
  EXPECT_TRUE(headed[0].heading);
  EXPECT_EQ(headed[0].text, "Titre");
  EXPECT_FALSE(headed[1].heading);
  auto tasks = minutes_blocks("- [ ] à faire\n- [x] fait");
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].text, "• ☐ à faire");
  EXPECT_EQ(tasks[1].text, "• ☑ fait");
}
