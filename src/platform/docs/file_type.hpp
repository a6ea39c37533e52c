// What an uploaded file really is, from its bytes, whatever name or type the browser declared:
// PDF, PNG, JPEG, WebP, OpenDocument text, spreadsheet and presentation, Office Open XML (DOCX,
// XLSX, PPTX) and plain UTF-8 text. Modules accept a subset of these (partnerships: documents;
// training_space: the toolbox) and keep the file under a name made by `identify_upload`: the
// client's name cleaned, with the extension of the detected type (never the client's own).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trame::docs {

inline constexpr const char* kPdf = "application/pdf";
inline constexpr const char* kPng = "image/png";
inline constexpr const char* kJpeg = "image/jpeg";
inline constexpr const char* kWebp = "image/webp";
inline constexpr const char* kOdt = "application/vnd.oasis.opendocument.text";
inline constexpr const char* kOds = "application/vnd.oasis.opendocument.spreadsheet";
inline constexpr const char* kOdp = "application/vnd.oasis.opendocument.presentation";
inline constexpr const char* kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr const char* kPptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
inline constexpr const char* kText = "text/plain; charset=utf-8";

// The longest file name kept, in bytes.
inline constexpr std::size_t kMaxFileName = 200;

// The MIME type of `bytes` among the types above, or empty when it is none of them. Text that
// opens like a web page or an SVG/XML document (<html, <!doctype, <svg, <?xml, <script…) is not
// plain text.
std::string detect_file_type(std::string_view bytes);

// The type of `bytes` when it is one of `accepted`, else empty.
std::string accepted_file_type(std::string_view bytes, const std::vector<std::string>& accepted);

// The usual file extension of a type above ("pdf", "docx"…), or empty.
std::string file_extension(std::string_view type);

// An uploaded file's name, fit to show and to download: without a client's folder, invalid UTF-8,
// control characters (C0, C1), bidirectional controls (U+200E/F, U+202A–U+202E, U+2066–U+2069,
// U+061C) and other invisible format characters, quotes and the characters Windows forbids;
// blanks collapsed, leading dots and trailing dots/blanks removed (may be empty).
std::string clean_file_name(std::string_view raw);

// The name a file of `type` is kept and served under: `clean_file_name(raw)` whose extension is
// the type's own (the client's is kept only when it is one of the type's: "photo.jpeg" for a
// JPEG; "x.html" holding a PDF becomes "x.pdf"), "document.<ext>" when nothing is left, at most
// kMaxFileName bytes (cut on a character boundary, the extension kept).
std::string stored_file_name(std::string_view raw, std::string_view type);

// An upload as kept: its type detected from the bytes and its stored name.
struct UploadedFile {
  std::string type;
  std::string name;
};

// The upload `bytes` sent under `client_name`, when its detected type is one of `accepted`;
// nullopt otherwise (the caller says which types it takes, in French).
std::optional<UploadedFile> identify_upload(std::string_view bytes, std::string_view client_name,
                                            const std::vector<std::string>& accepted);

// A Content-Disposition header value to download `file_name` as an attachment: an ASCII fallback
// name, and the real one percent-encoded (RFC 6266 filename*=UTF-8''…). The name is cleaned again
// (`clean_file_name`, or `stored_file_name` when the file's `type` is given), so that a name kept
// before these rules cannot carry a control character or a misleading extension.
std::string attachment_disposition(std::string_view file_name, std::string_view type = {});

}  // namespace trame::docs
