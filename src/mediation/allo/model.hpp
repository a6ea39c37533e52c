// « Allô l'Artiste ! » (docs/mediation.md): shows proposed by artists, their availabilities, the programme's
// slots (four a day, one show each, a conference bridge), listeners registered by referents under a code,
// and the pure rules the service and the unit tests share.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace trame::mediation::allo {

struct Show {
  long long id = 0, artist_id = 0;
  std::string artist_name, artist_email;
  std::string title, discipline, language, description;
  long long duration_minutes = 0;
  std::string sample_name, sample_type;
  long long sample_size = 0;
  std::string status = "proposed";  // proposed, accepted, declined
  long long created_at = 0;
};

struct Availability {
  long long id = 0, artist_id = 0;
  std::string day;  // YYYY-MM-DD
  int hour = 0;     // 11, 15, 17, 19
};

struct Slot {
  long long id = 0;
  std::string day;
  int hour = 0;
  long long starts_at = 0;
  long long show_id = 0;
  std::string show_title, show_language, show_discipline, show_description;
  long long show_duration = 0;
  long long artist_id = 0;
  std::string artist_name, artist_email;
  std::string bridge_number, bridge_pin;
  long long capacity = 0, registered = 0;
  long long listeners_count = -1;  // reported by the artist after the slot; -1 until then
  std::string remarks;
  long long reported_at = 0;
  long long cancelled_at = 0;  // 0 while the slot stands; then it shows « Annulée » and its day and hour are free
  std::string cancel_reason;
  bool cancelled() const { return cancelled_at != 0; }
};

struct Listener {
  long long id = 0, slot_id = 0;
  std::string code;  // L-XXXX-XX: no name is kept
  long long organisation_id = 0;
  std::string organisation_name;
  long long referent_id = 0;
  std::string referent_email;
  std::string language;
  std::string status = "registered";
  long long created_at = 0, reminded_at = 0;
};

// One line of the statistics: a month, a language or a relais, and its figures.
struct StatLine {
  std::string key, label;
  long long slots = 0, registered = 0, reported = 0;
};

struct Choice {
  long long id = 0;
  std::string label;
};

// The form of a show, as typed.
struct ShowInput {
  std::string title, discipline, language, duration, description;
  std::string sample_name, sample_bytes;
};

// The form of a slot, as typed.
struct SlotInput {
  std::string day, hour, show, bridge_number, bridge_pin, capacity;
};

// A referent with live listeners on a slot: whom a cancellation or a change is written to.
struct ReferentListeners {
  long long referent_id = 0;
  std::string email;
  long long listeners = 0;
};

// ---- Pure rules (tests/unit/mediation/allo_test.cpp)

inline constexpr std::array<int, 4> kHours = {11, 15, 17, 19};
inline constexpr long long kDefaultCapacity = 300;
inline constexpr long long kMaxCapacity = 1000;
inline constexpr long long kMaxSample = 8LL << 20;  // 8 MiB
inline constexpr long long kSmallCount = 5;         // figures about people below this show « < 5 »
inline constexpr long long kDay = 24 * 3600;

inline constexpr const char* kMp3 = "audio/mpeg";
inline constexpr const char* kOgg = "audio/ogg";
inline constexpr const char* kWav = "audio/wav";
inline constexpr const char* kM4a = "audio/mp4";

// What the audio file `bytes` is, from its bytes (MP3 with an ID3 tag or an MPEG audio frame header, Ogg,
// RIFF/WAVE, MPEG-4 audio); empty when it is none of them.
std::string detect_audio(std::string_view bytes);
// The extension of one of these types ("mp3"…), empty otherwise.
std::string audio_extension(std::string_view type);

// The languages a show may be in (ISO 639-1 code, French name), French first.
struct Language {
  const char* code;
  const char* name;
};
const std::vector<Language>& languages();
// The French name of a code, or the code itself when it is unknown.
std::string language_name(std::string_view code);
bool known_language(std::string_view code);
// The languages whose fixed sentences the printed programme has (locales/fr/allo.toml [allo.print.*]).
bool printed_language(std::string_view code);

// 11, 15, 17 or 19 typed in a form; 0 otherwise.
int parse_hour(std::string_view text);
// Minutes (digits only) in 15..20; 0 otherwise.
long long parse_duration(std::string_view text);
// A count typed in a form (digits only) in [min, max]; -1 otherwise.
long long parse_count(std::string_view text, long long min, long long max);
// A telephone number of the bridge: digits, blanks, dots, a leading '+', 6 to 20 digits.
bool bridge_number_ok(std::string_view text);
// A PIN: 4 to 8 digits.
bool pin_ok(std::string_view text);
// The Monday of the week holding `day` (YYYY-MM-DD); empty when `day` is not a date.
std::string week_monday(const std::string& day);
// The day of the week of `day` (0 Monday … 6 Sunday); -1 when it is not a date.
int week_day(const std::string& day);
// `day` plus `n` days (YYYY-MM-DD).
std::string add_days(const std::string& day, int n);
// Whether the reminder of a slot starting at `starts_at` is due at `now`: from midnight (Paris) of the day
// before until the start.
bool reminder_due(long long now, long long starts_at);
// A figure about people: itself, or « < 5 » below kSmallCount (0 shows as 0).
std::string guarded(long long n);

}  // namespace trame::mediation::allo
