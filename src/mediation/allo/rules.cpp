// The pure rules of « Allô l'Artiste ! » (model.hpp).
#include <algorithm>
#include <cctype>

#include "mediation/allo/model.hpp"
#include "platform/core/calendar.hpp"

namespace trame::mediation::allo {

namespace {

unsigned char byte_at(std::string_view b, std::size_t i) {
  return static_cast<unsigned char>(b[i]);
}

// An MPEG audio frame header (MPEG 1/2/2.5, layers I–III) at the start of `b`.
bool mpeg_frame(std::string_view b) {
  if (b.size() < 4 || byte_at(b, 0) != 0xFF || (byte_at(b, 1) & 0xE0) != 0xE0) return false;
  int version = (byte_at(b, 1) >> 3) & 0x3;
  int layer = (byte_at(b, 1) >> 1) & 0x3;
  int bitrate = (byte_at(b, 2) >> 4) & 0xF;
  int rate = (byte_at(b, 2) >> 2) & 0x3;
  return version != 1 && layer != 0 && bitrate != 0xF && rate != 0x3;
}

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm), and back.
long long days_from_civil(long long y, long long m, long long d) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string civil_from_days(long long z) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long y = yoe + era * 400;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  long long d = doy - (153 * mp + 2) / 5 + 1;
  long long m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  return iso_date(Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)});
}

bool digits_only(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string detect_audio(std::string_view b) {
  if (b.size() >= 10 && b.substr(0, 3) == "ID3" && byte_at(b, 3) <= 4) return kMp3;
  if (mpeg_frame(b)) return kMp3;
  if (b.size() >= 27 && b.substr(0, 4) == "OggS" && byte_at(b, 4) == 0) return kOgg;
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WAVE") return kWav;
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
    std::string_view brand = b.substr(8, 4);
    if (brand == "M4A " || brand == "M4B " || brand == "mp42" || brand == "mp41" || brand == "isom") return kM4a;
  }
  return "";
}

std::string audio_extension(std::string_view type) {
  if (type == kMp3) return "mp3";
  if (type == kOgg) return "ogg";
  if (type == kWav) return "wav";
  if (type == kM4a) return "m4a";
  return "";
}

const std::vector<Language>& languages() {
  static const std::vector<Language> all = {
      {"fr", "français"},  {"en", "anglais"},  {"es", "espagnol"}, {"ar", "arabe"},    {"pt", "portugais"},
      {"it", "italien"},   {"de", "allemand"}, {"ro", "roumain"},  {"tr", "turc"},     {"ru", "russe"},
      {"uk", "ukrainien"}, {"pl", "polonais"}, {"zh", "chinois"},  {"wo", "wolof"},    {"bm", "bambara"},
      {"ta", "tamoul"},    {"fa", "persan"},   {"kab", "kabyle"},  {"sq", "albanais"}, {"vi", "vietnamien"}};
  return all;
}

std::string language_name(std::string_view code) {
  for (const auto& l : languages())
    if (code == l.code) return l.name;
  return std::string(code);
}

bool known_language(std::string_view code) {
  const auto& all = languages();
  return std::any_of(all.begin(), all.end(), [&](const Language& l) { return code == l.code; });
}

bool printed_language(std::string_view code) {
  return code == "fr" || code == "en" || code == "es" || code == "ar" || code == "pt";
}

int parse_hour(std::string_view text) {
  for (int h : kHours)
    if (text == std::to_string(h)) return h;
  return 0;
}

long long parse_duration(std::string_view text) {
  long long n = parse_count(text, 15, 20);
  return n < 0 ? 0 : n;
}

long long parse_count(std::string_view text, long long min, long long max) {
  if (!digits_only(text) || text.size() > 9) return -1;
  long long n = std::stoll(std::string(text));
  return n >= min && n <= max ? n : -1;
}

bool bridge_number_ok(std::string_view text) {
  int digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') ++digits;
    else if (c == '+' && i == 0) continue;
    else if (c != ' ' && c != '.') return false;
  }
  return digits >= 6 && digits <= 20 && text.size() <= 30;
}

bool pin_ok(std::string_view text) {
  return digits_only(text) && text.size() >= 4 && text.size() <= 8;
}

std::string week_monday(const std::string& day) {
  auto d = parse_date(day);
  if (!d) return "";
  long long z = days_from_civil(d->year, d->month, d->day);
  long long weekday = ((z % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday: 0 = Monday
  return civil_from_days(z - weekday);
}

int week_day(const std::string& day) {
  auto d = parse_date(day);
  if (!d) return -1;
  long long z = days_from_civil(d->year, d->month, d->day);
  return static_cast<int>(((z % 7) + 7 + 3) % 7);
}

std::string add_days(const std::string& day, int n) {
  auto d = parse_date(day);
  if (!d) return "";
  return civil_from_days(days_from_civil(d->year, d->month, d->day) + n);
}

bool reminder_due(long long now, long long starts_at) {
  long long from = day_start(local_date(day_start(local_date(starts_at)) - 12 * 3600));
  return now >= from && now < starts_at;
}

std::string guarded(long long n) {
  if (n > 0 && n < kSmallCount) return "< " + std::to_string(kSmallCount);
  return std::to_string(n);
}

}  // namespace trame::mediation::allo
