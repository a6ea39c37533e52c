#include "platform/mail/service.hpp"

#include <curl/curl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

#include "platform/web/crypto.hpp"

namespace trame::mail {

namespace {

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

// RFC 2047: non-ASCII text as B-encoded words of at most 75 characters each (45 bytes of text,
// never splitting a UTF-8 character), folded onto continuation lines.
std::string encode_header(const std::string& text) {
  bool ascii = std::all_of(text.begin(), text.end(), [](unsigned char c) { return c >= 32 && c < 127; });
  if (ascii) return text;
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t len = std::min<std::size_t>(45, text.size() - pos);
    while (pos + len < text.size() && (static_cast<unsigned char>(text[pos + len]) & 0xC0) == 0x80) --len;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(text).substr(pos, len)) + "?=";
    pos += len;
  }
  return out;
}

// No line break may reach a header from data (header injection).
std::string header_safe(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n'; }), s.end());
  return s;
}

std::string address_of(const std::string& from) {
  auto lt = from.find('<');
  auto gt = from.find('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) return from.substr(lt + 1, gt - lt - 1);
  return from;
}

std::string display_from(const std::string& from) {
  auto lt = from.find('<');
  if (lt == std::string::npos || lt == 0) return from;
  std::string name = from.substr(0, lt);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return encode_header(name) + " " + from.substr(lt);
}

// Line endings as SMTP wants them: each LF becomes CRLF, a CR alone is dropped.
std::string crlf_lines(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (char c : text) {
    if (c == '\n') out += "\r\n";
    else if (c != '\r') out += c;
  }
  return out;
}

// RFC 2045: base64 in lines of 76 characters, separated by CRLF (none after the last line).
std::string base64_lines(std::string_view bytes) {
  std::string flat = base64(bytes);
  std::string out;
  out.reserve(flat.size() + flat.size() / 76 * 2);
  for (std::size_t pos = 0; pos < flat.size(); pos += 76) {
    if (pos > 0) out += "\r\n";
    out.append(flat, pos, 76);
  }
  return out;
}

// RFC 2231 attribute characters: the bytes a parameter value may hold unencoded.
bool attribute_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

// One MIME parameter ("; name=value"), on its own folded line. Printable ASCII of at most 60
// characters is a quoted string; anything else (a French file name) is RFC 2231 UTF-8
// percent-encoding, split into numbered sections of at most 60 characters that never cut a UTF-8
// character (RFC 2231 section 3), so that no header line grows past 78 characters.
std::string mime_parameter(const std::string& name, const std::string& value) {
  constexpr std::size_t kSection = 60;
  bool quoted = value.size() <= kSection &&
                std::all_of(value.begin(), value.end(), [](unsigned char c) { return c >= 32 && c < 127; });
  if (quoted) {
    std::string out = ";\r\n " + name + "=\"";
    for (char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::vector<std::string> sections{"UTF-8''"};
  for (std::size_t i = 0; i < value.size();) {
    std::string piece;  // one character: a byte and the UTF-8 continuation bytes after it
    do {
      auto c = static_cast<unsigned char>(value[i++]);
      if (attribute_char(c)) {
        piece += static_cast<char>(c);
      } else {
        piece += '%';
        piece += kHex[c >> 4];
        piece += kHex[c & 0x0F];
      }
    } while (i < value.size() && (static_cast<unsigned char>(value[i]) & 0xC0) == 0x80);
    if (sections.back().size() + piece.size() > kSection) sections.emplace_back();
    sections.back() += piece;
  }
  if (sections.size() == 1) return ";\r\n " + name + "*=" + sections[0];
  std::string out;
  for (std::size_t i = 0; i < sections.size(); ++i)
    out += ";\r\n " + name + "*" + std::to_string(i) + "*=" + sections[i];
  return out;
}

// RFC 2046 multipart/mixed: the text, then the attached file in base64. The boundary is random and
// checked against everything it separates (base64 and the quoted or encoded headers cannot hold its
// "=_" start; only the text could, by chance).
std::string multipart_body(const std::string& text, const Attachment& attachment, std::string& boundary) {
  std::string type = header_safe(attachment.content_type);
  if (type.empty()) type = "application/octet-stream";
  std::string name = header_safe(attachment.filename);
  std::string headers = "Content-Type: " + type + mime_parameter("name", name) + "\r\nContent-Disposition: attachment" +
                        mime_parameter("filename", name) + "\r\nContent-Transfer-Encoding: base64\r\n";
  do {
    boundary = "=_trame_" + web::random_token(18);
  } while (text.find(boundary) != std::string::npos || headers.find(boundary) != std::string::npos);
  return "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
         text + "\r\n--" + boundary + "\r\n" + headers + "\r\n" + base64_lines(attachment.data) + "\r\n--" + boundary +
         "--\r\n";
}

// RFC 2046 multipart/alternative: the plain text first, then the HTML (base64: no line of an HTML
// paragraph grows past SMTP's 998 characters).
std::string alternative_body(const std::string& text, const std::string& html, std::string& boundary) {
  std::string encoded = base64_lines(html);
  do {
    boundary = "=_trame_alt_" + web::random_token(18);
  } while (text.find(boundary) != std::string::npos);
  return "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
         text + "\r\n--" + boundary +
         "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + encoded +
         "\r\n--" + boundary + "--\r\n";
}

bool reserved_header(const std::string& name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* r :
       {"from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "sender", "reply-to"})
    if (lower == r) return true;
  return lower.rfind("content-", 0) == 0;
}

struct Upload {
  const std::string* data;
  std::size_t pos = 0;
};

size_t read_payload(char* buffer, size_t size, size_t nitems, void* userp) {
  auto* up = static_cast<Upload*>(userp);
  size_t room = size * nitems;
  size_t left = up->data->size() - up->pos;
  size_t n = std::min(room, left);
  std::memcpy(buffer, up->data->data() + up->pos, n);
  up->pos += n;
  return n;
}

}  // namespace

long long Service::backoff_seconds(int attempts) {
  long long delay = 30LL << std::min(attempts, 7);  // 30 s, 1 min, 2 min ... about 1 h
  return std::min(delay, 3600LL);
}

std::string Service::format(const Message& m, long long now) const {
  char date[64];
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string body = crlf_lines(m.body);
  // A line starting with '.' is escaped by libcurl itself.
  std::string headers = std::string("Date: ") + date + "\r\n" + "From: " + display_from(smtp_.from) + "\r\n" + "To: <" +
                        header_safe(m.recipient) + ">\r\n" + "Subject: " + encode_header(m.subject) + "\r\n" +
                        "Message-ID: <trame-" + std::to_string(m.id) + "-" + web::random_token(8) + "@" + "trame" +
                        ">\r\n" + "MIME-Version: 1.0\r\n";
  for (const auto& h : m.headers) {
    if (h.name.empty() || reserved_header(h.name)) continue;
    headers += header_safe(h.name) + ": " + header_safe(h.value) + "\r\n";
  }
  if (!m.html_body.empty() && m.attachment.filename.empty()) {
    std::string boundary;
    std::string parts = alternative_body(body, crlf_lines(m.html_body), boundary);
    return headers + "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n" + parts;
  }
  if (m.attachment.filename.empty())
    return headers + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body +
           "\r\n";
  std::string boundary;
  std::string parts = multipart_body(body, m.attachment, boundary);
  return headers + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n" + parts;
}

namespace {

Message queued(const std::string& to, const std::string& subject, const std::string& body, bool forget_when_sent,
               const Attachment& attachment = {}) {
  Message m;
  m.recipient = to;
  m.subject = subject;
  m.body = body;
  m.created_at = store::now_seconds();
  m.forget_when_sent = forget_when_sent;
  m.attachment = attachment;
  return m;
}

}  // namespace

long long Service::enqueue(soci::session& sql, const std::string& to, const std::string& subject,
                           const std::string& body) {
  return repo_.insert(sql, queued(to, subject, body, false));
}

long long Service::enqueue(soci::session& sql, const std::string& to, const std::string& subject,
                           const std::string& body, const Attachment& attachment) {
  if (attachment.filename.empty() && (!attachment.data.empty() || !attachment.content_type.empty()))
    throw std::invalid_argument("mail attachment without a file name");
  if (attachment.data.size() > kMaxAttachmentBytes)
    throw std::invalid_argument("mail attachment larger than " + std::to_string(kMaxAttachmentBytes) + " bytes");
  return repo_.insert(sql, queued(to, subject, body, false, attachment));
}

long long Service::enqueue_forgotten(soci::session& sql, const std::string& to, const std::string& subject,
                                     const std::string& body) {
  return repo_.insert(sql, queued(to, subject, body, true));
}

long long Service::enqueue_rich(soci::session& sql, const std::string& to, const std::string& subject,
                                const std::string& text, const std::string& html, const std::vector<Header>& headers) {
  for (const auto& h : headers) {
    bool name_ok = !h.name.empty() && std::all_of(h.name.begin(), h.name.end(),
                                                  [](unsigned char c) { return std::isalnum(c) || c == '-'; });
    bool value_ok = std::all_of(h.value.begin(), h.value.end(), [](unsigned char c) { return c >= 32 && c < 127; });
    if (!name_ok || reserved_header(h.name) || !value_ok)
      throw std::invalid_argument("mail header not allowed: " + h.name);
  }
  Message m = queued(to, subject, text, false);
  m.html_body = html;
  m.headers = headers;
  return repo_.insert(sql, m);
}

std::string Service::send(const Message& m) {
  CURL* curl = curl_easy_init();
  if (!curl) return "curl_easy_init failed";
  std::string payload = format(m, store::now_seconds());
  Upload upload{&payload};
  std::string from = "<" + address_of(smtp_.from) + ">";
  std::string to = "<" + header_safe(m.recipient) + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, smtp_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (smtp_.require_tls) curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!smtp_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, smtp_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, smtp_.password.c_str());
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  return rc == CURLE_OK ? std::string() : std::string(curl_easy_strerror(rc));
}

int Service::deliver_due(int limit) {
  if (!delivers()) return 0;
  auto due = db_.read([&](soci::session& sql) { return repo_.due(sql, store::now_seconds(), limit); });
  int sent = 0;
  for (const auto& m : due) {
    // Several instances may share one PostgreSQL database: each message is claimed first, so
    // that only one of them sends it. If this process dies while sending, the lease runs out
    // and the message is tried again.
    bool mine = db_.write([&](soci::session& sql) {
      return repo_.claim(sql, m.id, m.next_attempt_at, store::now_seconds() + kClaimSeconds);
    });
    if (!mine) continue;
    // The attachment's bytes are read now, for this message only (due() leaves them out).
    Message message = m;
    if (!message.attachment.filename.empty())
      message.attachment.data = db_.read([&](soci::session& sql) { return repo_.attachment_data(sql, m.id); });
    std::string error = send(message);
    long long now = store::now_seconds();
    db_.write([&](soci::session& sql) {
      if (error.empty()) {
        repo_.mark_sent(sql, m.id, now);
      } else {
        int attempts = m.attempts + 1;
        bool give_up = attempts >= kMaxAttempts;
        repo_.mark_retry(sql, m.id, attempts, now + backoff_seconds(m.attempts), error, give_up);
      }
    });
    if (error.empty()) {
      ++sent;
    } else {
      spdlog::warn("courriel {} non envoyé (tentative {}) : {}", m.id, m.attempts + 1, error);
    }
  }
  return sent;
}

std::vector<Message> Service::page(long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count(sql);
    return repo_.page(sql, (page - 1) * per_page, per_page);
  });
}

std::optional<Message> Service::find(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find(sql, id); });
}

}  // namespace trame::mail
