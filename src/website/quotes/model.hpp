// Quotes of participants for the public site (docs/website.md « Quotes »): what was said, by whom (a
// role or a first name, never the full name of a person supported), and the consent it rests on (the
// day, and how it was given). A quote is shown only when published and its consent not withdrawn.
#pragma once
#include <string>
#include <vector>

namespace trame::website::quotes {

inline constexpr std::size_t kMaxText = 600;
inline constexpr std::size_t kMaxAuthor = 120;
inline constexpr std::size_t kMaxConsentHow = 200;
inline constexpr std::size_t kMaxSlug = 80;

struct Quote {
  long long id = 0;
  std::string text;
  std::string author;
  std::string consent_on;   // 'YYYY-MM-DD'
  std::string consent_how;  // « oral, enregistré par … »
  long long recorded_by = 0;
  std::string page_slug;  // '' when none
  long long programme_id = 0;
  std::string programme_title;
  std::string source = "typed";  // typed | outing | training
  long long source_id = 0;
  bool published = false;
  long long position = 0;
  long long withdrawn_at = 0;
  long long created_at = 0;
  long long updated_at = 0;
  bool withdrawn() const { return withdrawn_at != 0; }
};

// What an editor types (the form); the source of a typed quote is 'typed'.
struct QuoteInput {
  std::string text;
  std::string author;
  std::string consent_on;
  std::string consent_how;
  std::string page_slug;
  long long programme_id = 0;
  long long position = 0;  // 0 on creation: after the last one
};

// The list's filters: a page slug, a programme, a status ('' | published | draft | withdrawn).
struct Filter {
  std::string page_slug;
  long long programme_id = 0;
  std::string status;
};

// A quote as the other modules show it: the text, who said it, and where it was said (the page or the
// programme's title; may be empty).
struct QuoteView {
  std::string text;
  std::string author;
  std::string context;
};

// A choice of the form's programme list.
struct ProgrammeChoice {
  long long id = 0;
  std::string title;
};

}  // namespace trame::website::quotes
