// French typography for official documents: non-breaking spaces before « : ; ! ? » and inside
// « », dates written "12 mars 2027" (1er for the first day), durations "70 h" or "3 h 30".
#pragma once
#include <string>
#include <string_view>

namespace trame::training_documents {

// Replaces the ordinary space before : ; ! ? » and after « by a non-breaking space (U+00A0), and adds
// one where none was typed ("mot:" stays as typed only inside URLs, i.e. "://" is left alone).
std::string french_typography(std::string_view text);
// 'YYYY-MM-DD' → "12 mars 2027" ("1er mars 2027"); the input itself when malformed.
std::string french_day(const std::string& ymd);
// A unix time, in Europe/Paris, → "12 mars 2027".
std::string french_date(long long unix_seconds);
// Minutes → "70 h", "3 h 30", "0 h 05" (with non-breaking spaces).
std::string french_hours(long long minutes);
// Unix time → "09 h 00" style clock time in Europe/Paris ("9 h 00").
std::string french_clock(long long unix_seconds);

}  // namespace trame::training_documents
