// « Allô l'Artiste ! »'s pure rules (src/mediation/allo/model.hpp): audio files told by their bytes, the
// slots' hours, durations, counts, bridge numbers and PINs, weeks, the reminder's window, the small-number guard.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "mediation/allo/model.hpp"
#include "platform/core/calendar.hpp"

namespace trame::mediation::allo {

namespace {

class AlloRules : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "Europe/Paris", 1);
    tzset();
  }
};

std::string bytes(std::initializer_list<int> values, std::size_t pad = 64) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  out.append(pad, '\0');
  return out;
}

}  // namespace

TEST_F(AlloRules, AudioIsToldByItsBytes) {
  EXPECT_EQ(detect_audio("ID3" + bytes({3, 0, 0})), kMp3);
  EXPECT_EQ(detect_audio(bytes({0xFF, 0xFB, 0x90, 0x64})), kMp3);  // MPEG-1 layer III frame
  EXPECT_EQ(detect_audio(bytes({0xFF, 0xFB, 0xF0, 0x64})), "");    // bitrate index 15: not a frame
  EXPECT_EQ(detect_audio(bytes({0xFF, 0xF9, 0x90, 0x64})), "");    // layer bits 00: reserved
  EXPECT_EQ(detect_audio("OggS" + bytes({0})), kOgg);
  EXPECT_EQ(detect_audio("RIFF" + bytes({0, 0, 0, 0}, 0) + "WAVEfmt " + bytes({})), kWav);
  EXPECT_EQ(detect_audio("RIFF" + bytes({0, 0, 0, 0}, 0) + "AVI LIST" + bytes({})), "");
  EXPECT_EQ(detect_audio(bytes({0, 0, 0, 0x20}, 0) + "ftypM4A " + bytes({})), kM4a);
  EXPECT_EQ(detect_audio(bytes({0, 0, 0, 0x20}, 0) + "ftypqt  " + bytes({})), "");  // a QuickTime film
  EXPECT_EQ(detect_audio("%PDF-1.7\n" + bytes({})), "");
  EXPECT_EQ(detect_audio("ceci n'est pas du son, juste du texte"), "");
  EXPECT_EQ(detect_audio(""), "");
  EXPECT_EQ(detect_audio("ID3"), "");  // too short
  EXPECT_EQ(audio_extension(kOgg), "ogg");
  EXPECT_EQ(audio_extension("image/png"), "");
}

TEST_F(AlloRules, FormValues) {
  EXPECT_EQ(parse_hour("11"), 11);
  EXPECT_EQ(parse_hour("19"), 19);
  EXPECT_EQ(parse_hour("12"), 0);
  EXPECT_EQ(parse_hour(""), 0);
  EXPECT_EQ(parse_duration("15"), 15);
  EXPECT_EQ(parse_duration("20"), 20);
  EXPECT_EQ(parse_duration("21"), 0);
  EXPECT_EQ(parse_duration("14"), 0);
  EXPECT_EQ(parse_duration("18.5"), 0);
  EXPECT_EQ(parse_count("300", 1, 1000), 300);
  EXPECT_EQ(parse_count("0", 1, 1000), -1);
  EXPECT_EQ(parse_count("-3", 0, 10), -1);
  EXPECT_EQ(parse_count("99999999999999999999", 0, 10), -1);
  EXPECT_TRUE(bridge_number_ok("01 84 88 12 34"));
  EXPECT_TRUE(bridge_number_ok("+33 1.84.88.12.34"));
  EXPECT_FALSE(bridge_number_ok("12345"));
  EXPECT_FALSE(bridge_number_ok("01 84 88 12 34 poste 2"));
  EXPECT_FALSE(bridge_number_ok("33+184881234"));
  EXPECT_TRUE(pin_ok("4321"));
  EXPECT_TRUE(pin_ok("12345678"));
  EXPECT_FALSE(pin_ok("123"));
  EXPECT_FALSE(pin_ok("12a4"));
  EXPECT_TRUE(known_language("es"));
  EXPECT_FALSE(known_language("xx"));
  EXPECT_EQ(language_name("ar"), "arabe");
  EXPECT_EQ(language_name("xx"), "xx");
  EXPECT_TRUE(printed_language("pt"));
  EXPECT_FALSE(printed_language("wo"));
}

TEST_F(AlloRules, Weeks) {
  EXPECT_EQ(week_monday("2026-12-06"), "2026-11-30");  // a Sunday
  EXPECT_EQ(week_monday("2026-11-30"), "2026-11-30");  // a Monday
  EXPECT_EQ(week_monday("2027-01-01"), "2026-12-28");  // across the year
  EXPECT_EQ(week_monday("2026-02-30"), "");
  EXPECT_EQ(week_day("2026-12-06"), 6);
  EXPECT_EQ(week_day("2024-02-29"), 3);
  EXPECT_EQ(add_days("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(add_days("2026-12-31", 1), "2027-01-01");
  EXPECT_EQ(add_days("2026-03-01", -1), "2026-02-28");
}

TEST_F(AlloRules, ReminderTheDayBefore) {
  long long starts = local_time(2026, 3, 30, 15, 0);  // the day after the change to summer time
  EXPECT_FALSE(reminder_due(local_time(2026, 3, 28, 23, 59), starts));
  EXPECT_TRUE(reminder_due(local_time(2026, 3, 29, 0, 0), starts));
  EXPECT_TRUE(reminder_due(starts - 60, starts));
  EXPECT_FALSE(reminder_due(starts, starts));
}

TEST_F(AlloRules, SmallNumbersAreGuarded) {
  EXPECT_EQ(guarded(0), "0");
  EXPECT_EQ(guarded(1), "< 5");
  EXPECT_EQ(guarded(4), "< 5");
  EXPECT_EQ(guarded(5), "5");
  EXPECT_EQ(guarded(300), "300");
}

}  // namespace trame::mediation::allo
