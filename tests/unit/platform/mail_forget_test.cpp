// The mail outbox's unit tests.
// Messages to an address typed at the time and kept nowhere (mail::Service::enqueue_forgotten, issue 14):
// once sent, or given up after the last attempt, their recipient is a fixed marker and their body is
// empty; every other message keeps both.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "platform/mail/repository.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"
#include "temp_database.hpp"
#include "platform/web/crypto.hpp"

namespace trame {

class MailForget : public unit::TempSqlite {
 protected:
  mail::Message message(long long id) {
    return *db_->read([&](soci::session& sql) { return repo_.find(sql, id); });
  }
  mail::Repository repo_;
};

TEST_F(MailForget, SentOrGivenUpForgottenMessagesLoseTheirAddressAndBody) {
  mail::Service mail(*db_, mail::SmtpSettings{"", "", "", "Trame <t@trame.local>", false});
  long long kept = 0, sent = 0, given_up = 0, waiting = 0;
  db_->write([&](soci::session& sql) {
    kept = mail.enqueue(sql, "referente@exemple.fr", "Réservation confirmée", "Corps gardé");
    sent = mail.enqueue_forgotten(sql, "personne@exemple.fr", "Votre invitation", "Le billet");
    given_up = mail.enqueue_forgotten(sql, "autre@exemple.fr", "Votre invitation", "Le billet");
    waiting = mail.enqueue_forgotten(sql, "encore@exemple.fr", "Votre invitation", "Le billet");
  });
  db_->write([&](soci::session& sql) {
    repo_.mark_sent(sql, kept, 100);
    repo_.mark_sent(sql, sent, 100);
    repo_.mark_retry(sql, given_up, mail::Service::kMaxAttempts, 200, "refusé", true);
    repo_.mark_retry(sql, waiting, 1, 200, "injoignable", false);
  });
  EXPECT_EQ(message(kept).recipient, "referente@exemple.fr");
  EXPECT_EQ(message(kept).body, "Corps gardé");
  for (long long id : {sent, given_up}) {
    EXPECT_EQ(message(id).recipient, mail::kForgottenRecipient) << id;
    EXPECT_EQ(message(id).body, "") << id;
    EXPECT_EQ(message(id).subject, "Votre invitation") << id;
  }
  EXPECT_EQ(message(sent).status, "sent");
  EXPECT_EQ(message(given_up).status, "failed");
  // Still to be sent: it keeps what it needs.
  EXPECT_EQ(message(waiting).recipient, "encore@exemple.fr");
  EXPECT_EQ(message(waiting).body, "Le billet");
}

}  // namespace trame

// Messages with one attached file (mail::Attachment, a convocation's calendar file): stored with their
// bytes, sent as MIME multipart/mixed (the text, then the file in base64), forgotten with the rest.
namespace trame {

namespace {

// Every byte value, a NUL among text, UTF-8 and a line starting with a dot: what a file may hold.
std::string awkward_bytes() {
  std::string data("BEGIN:VCALENDAR\r\n.\r\nSUMMARY:Épreuve « bloc 2 »\r\n");
  data += std::string("a\0b", 3);
  for (int round = 0; round < 3; ++round)
    for (int c = 0; c < 256; ++c) data += static_cast<char>(c);
  return data;
}

// A MIME entity read back: header names in lower case, folded lines joined; LF line endings.
struct Entity {
  std::map<std::string, std::string> headers;
  std::string body;
};

Entity parse_entity(const std::string& text) {
  Entity e;
  auto end = text.find("\n\n");
  EXPECT_NE(end, std::string::npos) << "no blank line after the headers";
  std::string head = text.substr(0, end);
  e.body = end == std::string::npos ? "" : text.substr(end + 2);
  std::string name;
  std::istringstream lines(head);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      e.headers[name] += line;  // a folded line: the whitespace is kept, the line break goes
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    e.headers[name] = value;
  }
  return e;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

// A parameter of a header value: name="quoted", name*=UTF-8''percent, or RFC 2231 sections
// name*0*=..., name*1*=... (or name*N="quoted"). "" when absent.
std::string parameter(const std::string& value, const std::string& name) {
  std::vector<std::string> items;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (quoted && c == '\\' && i + 1 < value.size()) {
      current += c;
      current += value[++i];
      continue;
    }
    if (c == '"') quoted = !quoted;
    if (c == ';' && !quoted) {
      items.push_back(trim(current));
      current.clear();
    } else {
      current += c;
    }
  }
  items.push_back(trim(current));
  auto unquote = [](const std::string& v) {
    if (v.size() < 2 || v.front() != '"') return v;
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      if (v[i] == '\\') ++i;
      out += v[i];
    }
    return out;
  };
  auto extended = [](const std::string& v) {  // charset'language'percent-encoded
    auto second = v.find('\'', v.find('\'') + 1);
    return percent_decode(second == std::string::npos ? v : v.substr(second + 1));
  };
  std::map<int, std::string> sections;
  for (const auto& item : items) {
    auto eq = item.find('=');
    if (eq == std::string::npos) continue;
    std::string key = item.substr(0, eq), v = item.substr(eq + 1);
    if (key == name) return unquote(v);
    if (key == name + "*") return extended(v);
    if (key.rfind(name + "*", 0) != 0) continue;
    std::string rest = key.substr(name.size() + 1);
    bool encoded = !rest.empty() && rest.back() == '*';
    if (encoded) rest.pop_back();
    int n = std::stoi(rest);
    sections[n] = encoded ? (n == 0 ? extended(v) : percent_decode(v)) : unquote(v);
  }
  std::string joined;
  for (const auto& [n, s] : sections) joined += s;
  return joined;
}

std::string base64_decode(const std::string& text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                              "\r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL),
            0);
  out.resize(len);
  return out;
}

std::string lf_lines(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
  return out;
}

// The parts of a multipart body (LF line endings), checked against RFC 2046's delimiters.
std::vector<Entity> parts_of(const std::string& body, const std::string& boundary) {
  std::vector<Entity> parts;
  const std::string first = "--" + boundary + "\n", next = "\n--" + boundary + "\n", last = "\n--" + boundary + "--";
  EXPECT_EQ(body.rfind(first, 0), 0u) << "the body starts with the first delimiter";
  auto close = body.find(last);
  EXPECT_NE(close, std::string::npos) << "the body has a close delimiter";
  if (close == std::string::npos) return parts;
  EXPECT_EQ(trim(lf_lines(body.substr(close + last.size()))).find_first_not_of('\n'), std::string::npos);
  std::size_t pos = first.size();
  for (;;) {
    auto end = body.find(next, pos);
    if (end == std::string::npos || end > close) {
      parts.push_back(parse_entity(body.substr(pos, close - pos)));
      break;
    }
    parts.push_back(parse_entity(body.substr(pos, end - pos)));
    pos = end + next.size();
  }
  return parts;
}

struct Received {
  Entity message;
  std::vector<Entity> parts;
};

// Reads a message as a mail client does: the top headers, the boundary, the parts.
Received read_message(const std::string& raw_lf) {
  Received r;
  r.message = parse_entity(raw_lf);
  std::string type = r.message.headers["content-type"];
  EXPECT_EQ(type.rfind("multipart/mixed;", 0), 0u) << type;
  std::string boundary = parameter(type, "boundary");
  EXPECT_FALSE(boundary.empty());
  EXPECT_LE(boundary.size(), 70u);
  if (!boundary.empty()) r.parts = parts_of(r.message.body, boundary);
  return r;
}

}  // namespace

class MailAttachment : public unit::TempSqlite {
 protected:
  mail::Message message(long long id) {
    return *db_->read([&](soci::session& sql) { return repo_.find(sql, id); });
  }
  long long count() {
    return db_->read([&](soci::session& sql) { return repo_.count(sql); });
  }
  mail::Message sample(const mail::Attachment& attachment) {
    mail::Message m;
    m.id = 7;
    m.recipient = "candidate@exemple.fr";
    m.subject = "Convocation à l'épreuve";
    m.body = "Bonjour,\nVotre convocation est jointe.\n.\n--\nTrame";
    m.attachment = attachment;
    return m;
  }
  mail::Repository repo_;
  mail::SmtpSettings no_smtp_{"", "", "", "Trame <t@trame.local>", false};
};

TEST_F(MailAttachment, WithoutAttachmentTheMessageIsTheSamePlainText) {
  mail::Service mail(*db_, no_smtp_);
  mail::Message m;
  m.id = 7;
  m.recipient = "a@exemple.fr";
  m.subject = "Objet";
  m.body = "Ligne 1\nLigne 2";
  std::string raw = mail.format(m, 0);
  auto at = raw.find("Message-ID: <trame-7-");
  ASSERT_NE(at, std::string::npos);
  std::string token = raw.substr(at + 21, raw.find("@trame>", at) - at - 21);
  EXPECT_EQ(token.size(), 11u);
  EXPECT_EQ(raw,
            "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\nFrom: Trame <t@trame.local>\r\nTo: <a@exemple.fr>\r\nSubject: "
            "Objet\r\nMessage-ID: <trame-7-" +
                token +
                "@trame>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\nLigne 1\r\nLigne 2\r\n");
}

TEST_F(MailAttachment, FormatsTheTextThenTheFileInBase64) {
  mail::Service mail(*db_, no_smtp_);
  const std::string data = awkward_bytes();
  mail::Message m = sample({"convocation.ics", "text/calendar; method=PUBLISH; charset=UTF-8", data});
  std::string raw = mail.format(m, 0);
  // CRLF everywhere, no line over 78 characters.
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (raw[i] == '\n') {
      ASSERT_TRUE(i > 0 && raw[i - 1] == '\r') << "a bare LF at " << i;
    }
  std::istringstream lines(lf_lines(raw));
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 78u) << line;

  Received r = read_message(lf_lines(raw));
  EXPECT_EQ(r.message.headers["mime-version"], "1.0");
  EXPECT_EQ(r.message.headers["to"], "<candidate@exemple.fr>");
  EXPECT_EQ(r.message.headers.count("content-transfer-encoding"), 0u);
  std::string boundary = parameter(r.message.headers["content-type"], "boundary");
  EXPECT_EQ(m.body.find(boundary), std::string::npos);
  ASSERT_EQ(r.parts.size(), 2u);

  const Entity& text = r.parts[0];
  EXPECT_EQ(text.headers.at("content-type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(text.headers.at("content-transfer-encoding"), "8bit");
  EXPECT_EQ(text.body, m.body);

  const Entity& file = r.parts[1];
  EXPECT_EQ(file.headers.at("content-type"), "text/calendar; method=PUBLISH; charset=UTF-8; name=\"convocation.ics\"");
  EXPECT_EQ(file.headers.at("content-disposition"), "attachment; filename=\"convocation.ics\"");
  EXPECT_EQ(file.headers.at("content-transfer-encoding"), "base64");
  // Lines of 76 characters, the last one shorter or equal.
  std::vector<std::string> encoded;
  std::istringstream base64_lines(file.body);
  for (std::string line; std::getline(base64_lines, line);) encoded.push_back(line);
  ASSERT_GT(encoded.size(), 2u);
  for (std::size_t i = 0; i + 1 < encoded.size(); ++i) EXPECT_EQ(encoded[i].size(), 76u) << i;
  EXPECT_LE(encoded.back().size(), 76u);
  EXPECT_FALSE(encoded.back().empty());
  EXPECT_EQ(base64_decode(file.body), data);

  // Each message draws its own boundary.
  std::string again = parameter(read_message(lf_lines(mail.format(m, 0))).message.headers["content-type"], "boundary");
  EXPECT_NE(again, boundary);
}

TEST_F(MailAttachment, FileNamesOutsideAsciiAreEncodedAsRfc2231) {
  mail::Service mail(*db_, no_smtp_);
  for (const std::string& name :
       {std::string("Convocation épreuve « bloc 2 ».ics"),
        std::string("Convocation à l'épreuve de certification « Accompagner les publics éloignés de l'emploi » "
                    "— session de décembre.pdf")}) {
    mail::Message m = sample({name, "application/pdf", "%PDF-1.7"});
    std::string raw = mail.format(m, 0);
    std::istringstream lines(lf_lines(raw));
    for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 78u) << line;
    Received r = read_message(lf_lines(raw));
    ASSERT_EQ(r.parts.size(), 2u);
    const std::string disposition = r.parts[1].headers.at("content-disposition");
    EXPECT_EQ(disposition.rfind("attachment;", 0), 0u);
    EXPECT_NE(disposition.find("filename*"), std::string::npos);
    EXPECT_NE(disposition.find("UTF-8''"), std::string::npos);
    EXPECT_TRUE(std::all_of(raw.begin(), raw.end(), [](unsigned char c) { return c < 128; }))
        << "headers and base64 are ASCII; the body here is too";
    EXPECT_EQ(parameter(disposition, "filename"), name);
    EXPECT_EQ(parameter(r.parts[1].headers.at("content-type"), "name"), name);
    EXPECT_EQ(r.parts[1].headers.at("content-type").rfind("application/pdf;", 0), 0u);
    EXPECT_EQ(base64_decode(r.parts[1].body), "%PDF-1.7");
  }
}

TEST_F(MailAttachment, NoHeaderCanBeInjectedThroughTheFile) {
  mail::Service mail(*db_, no_smtp_);
  mail::Message m = sample({"a\"b\\c\r\nBcc: x@pirate.fr.ics", "text/plain\r\nBcc: y@pirate.fr", ""});
  std::string raw = mail.format(m, 0);
  EXPECT_EQ(raw.find("\nBcc:"), std::string::npos);
  Received r = read_message(lf_lines(raw));
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(parameter(r.parts[1].headers.at("content-disposition"), "filename"), "a\"b\\cBcc: x@pirate.fr.ics");
  EXPECT_EQ(r.parts[1].body, "");  // an empty file is an empty part
  // No content type: application/octet-stream.
  m.attachment = {"notes.bin", "", "x"};
  Received plain = read_message(lf_lines(mail.format(m, 0)));
  ASSERT_EQ(plain.parts.size(), 2u);
  EXPECT_EQ(plain.parts[1].headers.at("content-type"), "application/octet-stream; name=\"notes.bin\"");
}

TEST_F(MailAttachment, TheAttachmentIsStoredWithItsBytes) {
  mail::Service mail(*db_, no_smtp_);
  const std::string data = awkward_bytes();
  long long with = 0, without = 0;
  db_->write([&](soci::session& sql) {
    with = mail.enqueue(sql, "candidate@exemple.fr", "Convocation", "Le texte",
                        {"convocation épreuve.ics", "text/calendar; method=PUBLISH; charset=UTF-8", data});
    without = mail.enqueue(sql, "autre@exemple.fr", "Sans pièce jointe", "Le texte");
  });
  mail::Message m = message(with);
  EXPECT_EQ(m.attachment.filename, "convocation épreuve.ics");
  EXPECT_EQ(m.attachment.content_type, "text/calendar; method=PUBLISH; charset=UTF-8");
  ASSERT_EQ(m.attachment.data.size(), data.size());
  EXPECT_EQ(m.attachment.data, data);
  EXPECT_EQ(m.body, "Le texte");
  EXPECT_EQ(m.status, "pending");
  mail::Message plain = message(without);
  EXPECT_EQ(plain.attachment.filename, "");
  EXPECT_EQ(plain.attachment.content_type, "");
  EXPECT_EQ(plain.attachment.data, "");
  // Lists name the file without reading its bytes; the sender reads them for the message it sends.
  long long total = 0;
  auto listed = mail.page(1, 10, total);
  ASSERT_EQ(total, 2);
  EXPECT_EQ(listed[1].id, with);
  EXPECT_EQ(listed[1].attachment.filename, "convocation épreuve.ics");
  EXPECT_EQ(listed[1].attachment.data, "");
  EXPECT_EQ(db_->read([&](soci::session& sql) { return repo_.attachment_data(sql, with); }), data);
  EXPECT_EQ(db_->read([&](soci::session& sql) { return repo_.attachment_data(sql, without); }), "");
  // What is stored is the bytes themselves (a BLOB of that length), not text.
  long long stored = db_->read([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT length(attachment_data) FROM mail_outbox WHERE id = :id", soci::into(n), soci::use(with);
    return n;
  });
  EXPECT_EQ(stored, static_cast<long long>(data.size()));
}

TEST_F(MailAttachment, TooLargeOrNamelessFilesAreRefusedAndNothingIsQueued) {
  mail::Service mail(*db_, no_smtp_);
  const std::string largest(mail::Service::kMaxAttachmentBytes, 'x');
  EXPECT_THROW(db_->write([&](soci::session& sql) {
    mail.enqueue(sql, "a@exemple.fr", "Trop gros", "Corps", {"gros.pdf", "application/pdf", largest + "x"});
  }),
               std::invalid_argument);
  EXPECT_THROW(db_->write([&](soci::session& sql) {
    mail.enqueue(sql, "a@exemple.fr", "Sans nom", "Corps", {"", "application/pdf", "%PDF"});
  }),
               std::invalid_argument);
  EXPECT_EQ(count(), 0);
  long long id = 0;
  db_->write([&](soci::session& sql) {
    id = mail.enqueue(sql, "a@exemple.fr", "Juste assez", "Corps", {"juste.pdf", "application/pdf", largest});
  });
  EXPECT_EQ(message(id).attachment.data.size(), mail::Service::kMaxAttachmentBytes);
  EXPECT_EQ(count(), 1);
}

TEST_F(MailAttachment, ForgottenMessagesLoseTheirAttachmentOnceSentOrGivenUp) {
  long long kept = 0, sent = 0, given_up = 0, waiting = 0;
  db_->write([&](soci::session& sql) {
    for (long long* id : {&kept, &sent, &given_up, &waiting}) {
      mail::Message m;
      m.recipient = "personne@exemple.fr";
      m.subject = "Votre convocation";
      m.body = "Le texte";
      m.created_at = 1;
      m.forget_when_sent = id != &kept;
      m.attachment = {"convocation.ics", "text/calendar", awkward_bytes()};
      *id = repo_.insert(sql, m);
    }
  });
  db_->write([&](soci::session& sql) {
    repo_.mark_sent(sql, kept, 100);
    repo_.mark_sent(sql, sent, 100);
    repo_.mark_retry(sql, given_up, mail::Service::kMaxAttempts, 200, "refusé", true);
    repo_.mark_retry(sql, waiting, 1, 200, "injoignable", false);
  });
  for (long long id : {kept, waiting}) {
    EXPECT_EQ(message(id).attachment.filename, "convocation.ics") << id;
    EXPECT_EQ(message(id).attachment.data, awkward_bytes()) << id;
  }
  for (long long id : {sent, given_up}) {
    mail::Message m = message(id);
    EXPECT_EQ(m.recipient, mail::kForgottenRecipient) << id;
    EXPECT_EQ(m.attachment.filename, "") << id;
    EXPECT_EQ(m.attachment.content_type, "") << id;
    EXPECT_EQ(m.attachment.data, "") << id;
  }
}

// Through libcurl to the SMTP sink of scripts/test (aiosmtpd writing a Maildir), when it runs: the
// message that arrives holds the same file, byte for byte.
TEST_F(MailAttachment, ReachesTheSmtpSinkIntact) {
  const char* port = std::getenv("TRAME_TEST_SMTP_PORT");
  const char* maildir = std::getenv("TRAME_TEST_MAILDIR");
  if (!port || !maildir) GTEST_SKIP() << "needs the SMTP sink started by scripts/test";
  for (const char* sub : {"tmp", "new", "cur"})
    std::filesystem::create_directories(std::filesystem::path(maildir) / sub);
  mail::Service mail(
      *db_, mail::SmtpSettings{std::string("smtp://127.0.0.1:") + port, "", "", "Trame <t@trame.local>", false});
  const std::string to = "attachment-" + web::random_token(6) + "@exemple.test";
  const std::string data = awkward_bytes();
  const std::string name = "Convocation épreuve « bloc 2 ».ics";
  db_->write([&](soci::session& sql) {
    mail.enqueue(sql, to, "Votre convocation", "Bonjour,\n.\nVotre convocation est jointe.",
                 {name, "text/calendar; method=PUBLISH; charset=UTF-8", data});
  });
  ASSERT_EQ(mail.deliver_due(), 1);
  std::string raw;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (raw.empty() && std::chrono::steady_clock::now() < deadline) {
    for (const char* sub : {"new", "cur"})
      for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(maildir) / sub)) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (text.find("To: <" + to + ">") != std::string::npos) raw = text;
      }
    if (raw.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(raw.empty()) << "the message did not reach the sink";
  Received r = read_message(lf_lines(raw));
  ASSERT_EQ(r.parts.size(), 2u);
  EXPECT_EQ(lf_lines(r.parts[0].body), "Bonjour,\n.\nVotre convocation est jointe.");
  EXPECT_EQ(parameter(r.parts[1].headers.at("content-disposition"), "filename"), name);
  EXPECT_EQ(r.parts[1].headers.at("content-type").rfind("text/calendar; method=PUBLISH; charset=UTF-8;", 0), 0u);
  EXPECT_EQ(base64_decode(r.parts[1].body), data);
  long long total = 0;
  EXPECT_EQ(mail.page(1, 10, total).at(0).status, "sent");
}

}  // namespace trame
