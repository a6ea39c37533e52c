// Newsletters and notices of network life (docs/network_life/newsletters.md), and the pure rules the
// service applies (segments, recipients deduplicated and unsubscribed excluded, markdown as plain text,
// the shape of an unsubscribe token), unit-tested in tests/unit/network_life/newsletters_test.cpp.
#pragma once
#include <set>
#include <string>
#include <vector>

namespace trame::newsletters {

// The segments a newsletter is sent to, and a notice shown to (in this order on the forms).
inline const std::vector<std::string>& segment_keys() {
  static const std::vector<std::string> keys = {"referents", "partners", "delegation", "members", "volunteers"};
  return keys;
}

struct Newsletter {
  long long id = 0;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string subject;
  std::string body;  // markdown
  std::vector<std::string> segments;
  long long delegation_id = 0;
  long long member_year = 0;
  bool public_archive = true;
  std::string status;  // draft, scheduled, sent
  long long scheduled_at = 0;
  long long sent_at = 0;
  long long recipients_count = 0;
  long long created_at = 0;
  long long updated_at = 0;
};

// A newsletter's form as typed (kept on a refused form).
struct NewsletterInput {
  std::string organiser_id;
  std::string subject;
  std::string body;
  std::vector<std::string> segments;
  std::string delegation_id;
  std::string member_year;
  bool public_archive = true;
};

struct Recipient {
  std::string email;
  long long user_id = 0;
};

struct Notice {
  long long id = 0;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string title;
  std::string body;
  std::string link;
  std::string segment;
  long long delegation_id = 0;
  std::string ends_on;  // YYYY-MM-DD, shown until that day included
  long long created_at = 0;
};

struct NoticeInput {
  std::string organiser_id;
  std::string title;
  std::string body;
  std::string link;
  std::string segment;
  std::string delegation_id;
  std::string ends_on;
};

// "referents,partners" → the known segments, each once, in the canonical order; unknown ones dropped.
std::vector<std::string> parse_segments(const std::string& csv);
std::string join_segments(const std::vector<std::string>& segments);
bool known_segment(const std::string& segment);
// An e-mail address as compared for deduplication and unsubscription: trimmed, lower-cased.
std::string normalise_email(const std::string& email);
// Each address once (the first one met), without empty ones and those in `unsubscribed` (normalised).
std::vector<Recipient> deduplicate(const std::vector<Recipient>& all, const std::set<std::string>& unsubscribed);
// The plain-text version of safe HTML from markdown: paragraphs and headings on their own lines,
// list items as "- ", links as "text (url)", tags dropped, entities decoded.
std::string html_to_text(const std::string& html);
// An unsubscribe token as issued: 32 characters of URL-safe base64. Anything else is refused
// without reading the database.
bool token_shape_ok(const std::string& token);
// Links to paths of this site (href="/…") made absolute with `base` (an e-mail has no base address).
std::string absolute_links(std::string html, const std::string& base);
// A web address a notice may link to: http(s)://… or a path on this site ("/evenements").
bool link_ok(const std::string& link);

}  // namespace trame::newsletters
