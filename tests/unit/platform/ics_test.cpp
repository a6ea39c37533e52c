#include <gtest/gtest.h>

#include "platform/docs/ics.hpp"

using namespace trame::docs;

TEST(Ics, EscapesTextValues) {
  EXPECT_EQ(ics_escape("a,b;c\\d"), "a\\,b\\;c\\\\d");
  EXPECT_EQ(ics_escape("ligne 1\nligne 2\r\nligne 3"), "ligne 1\\nligne 2\\nligne 3");
  EXPECT_EQ(ics_escape("Théâtre"), "Théâtre");
}

TEST(Ics, FoldsAt75OctetsWithoutSplittingCharacters) {
  std::string line = "SUMMARY:" + std::string(200, 'x');
  std::string folded = ics_fold(line);
  std::size_t start = 0;
  std::string joined;
  while (start < folded.size()) {
    auto end = folded.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    std::string part = folded.substr(start, end - start);
    EXPECT_LE(part.size(), 75u);
    joined += start == 0 ? part : part.substr(1);
    if (start) {
      EXPECT_EQ(part[0], ' ');
    }
    start = end + 2;
  }
  EXPECT_EQ(joined, line);
  // Multi-byte characters: each physical line is valid UTF-8 (no continuation byte after the fold).
  std::string accents = "DESCRIPTION:";
  for (int i = 0; i < 60; ++i) accents += "é";
  std::string f = ics_fold(accents);
  for (std::size_t p = f.find("\r\n "); p != std::string::npos; p = f.find("\r\n ", p + 1))
    EXPECT_NE(static_cast<unsigned char>(f[p + 3]) & 0xC0, 0x80);
  for (std::size_t s = 0, e; (e = f.find("\r\n", s)) != std::string::npos; s = e + 2) EXPECT_LE(e - s, 75u);
  EXPECT_EQ(ics_fold("short"), "short\r\n");
}

TEST(Ics, WritesAnEventInUtc) {
  CalendarEvent e;
  e.uid = "slot-1@trame.test";
  e.starts_at = 1767290400;  // 2026-01-01T18:00:00Z
  e.ends_at = 1767294000;
  e.stamp = 1767200000;
  e.summary = "Concert, grand; orchestre";
  e.location = "Le Préambule, Ligné";
  std::string ics = ics_calendar({e});
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_NE(ics.find("DTSTART:20260101T180000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTEND:20260101T190000Z\r\n"), std::string::npos);
  EXPECT_NE(ics.find("UID:slot-1@trame.test\r\n"), std::string::npos);
  EXPECT_NE(ics.find("DTSTAMP:"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:Concert\\, grand\\; orchestre\r\n"), std::string::npos);
  EXPECT_NE(ics.find("STATUS:CONFIRMED\r\n"), std::string::npos);
  EXPECT_NE(ics.find("END:VEVENT\r\nEND:VCALENDAR\r\n"), std::string::npos);
  e.cancelled = true;
  EXPECT_NE(ics_calendar({e}).find("STATUS:CANCELLED\r\n"), std::string::npos);
  // No bare LF.
  for (std::size_t i = 0; i < ics.size(); ++i)
    if (ics[i] == '\n') {
      EXPECT_EQ(ics[i - 1], '\r');
    }
}

#include <cstdlib>
#include <ctime>

#include "platform/core/calendar.hpp"

// Slot times are typed in Europe/Paris and stored in UTC, summer and winter time alike.
TEST(OutingsTime, ParsesParisLocalTimes) {
  const char* old = std::getenv("TZ");
  std::string saved = old ? old : "";
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  EXPECT_EQ(trame::parse_local("2030-07-14T21:00"), 1910286000);  // UTC+2
  EXPECT_EQ(trame::parse_local("2030-01-14T21:00"), 1894651200);  // UTC+1
  EXPECT_EQ(trame::local_input(1910286000), "2030-07-14T21:00");
  EXPECT_EQ(trame::parse_local("2030-02-31T21:00"), -1);
  EXPECT_EQ(trame::parse_local("14/07/2030 21:00"), -1);
  EXPECT_EQ(trame::parse_local(""), -1);
  EXPECT_EQ(trame::day_start("2030-07-14"), 1910210400);  // midnight in Paris is 22:00 UTC the day before
  EXPECT_EQ(trame::day_start("2030-13-01"), -1);
  if (old) {
    setenv("TZ", saved.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
}

// A moved or cancelled event carries a SEQUENCE that grew, so a calendar that imported it replaces
// its copy; the calendar has a name; DTSTAMP is always there.
TEST(Ics, SequenceStatusAndCalendarName) {
  CalendarEvent e;
  e.uid = "creneau-3@trame.test";
  e.starts_at = 1767290400;
  e.ends_at = 1767294000;
  e.stamp = 1767200000;
  e.summary = "Concert";
  e.sequence = ics_sequence(1767200000);
  std::string before = ics_calendar({e}, "-//Trame//Sorties//FR", "Sortie — Concert, grand; orchestre");
  EXPECT_NE(before.find("SEQUENCE:" + std::to_string(1767200000 - 1735689600) + "\r\n"), std::string::npos) << before;
  EXPECT_NE(before.find("NAME:Sortie — Concert\\, grand\\; orchestre\r\n"), std::string::npos) << before;
  EXPECT_NE(before.find("X-WR-CALNAME:Sortie — Concert\\, grand\\; orchestre\r\n"), std::string::npos) << before;
  EXPECT_NE(before.find("DTSTAMP:20251231T165320Z\r\n"), std::string::npos) << before;
  // NAME belongs to the calendar, before the first event.
  EXPECT_LT(before.find("NAME:"), before.find("BEGIN:VEVENT"));
  // Moved then cancelled: a later modification time, a greater SEQUENCE, STATUS:CANCELLED.
  e.starts_at += 86400;
  e.cancelled = true;
  e.sequence = ics_sequence(1767200000 + 5);
  std::string after = ics_calendar({e});
  EXPECT_NE(after.find("SEQUENCE:" + std::to_string(1767200000 + 5 - 1735689600) + "\r\n"), std::string::npos);
  EXPECT_NE(after.find("STATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_EQ(after.find("NAME:"), std::string::npos);  // no name given: none written
  EXPECT_GT(ics_sequence(1767200001), ics_sequence(1767200000));
  EXPECT_EQ(ics_sequence(0), 0);
  EXPECT_LT(ics_sequence(3786825600), 2147483647LL);  // 2090: still a 32-bit INTEGER
}
