// What an uploaded file really is, from its bytes, whatever name or type the browser declared:
// PDF, PNG, JPEG, OpenDocument text and presentation, Office Open XML (DOCX, XLSX, PPTX) and plain
// UTF-8 text. Modules accept a subset of these (partnerships: documents; training_space: the toolbox).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trame::docs {

inline constexpr const char* kPdf = "application/pdf";
inline constexpr const char* kPng = "image/png";
inline constexpr const char* kJpeg = "image/jpeg";
inline constexpr const char* kOdt = "application/vnd.oasis.opendocument.text";
inline constexpr const char* kOdp = "application/vnd.oasis.opendocument.presentation";
inline constexpr const char* kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr const char* kPptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
inline constexpr const char* kText = "text/plain; charset=utf-8";

// The MIME type of `bytes` among the types above, or empty when it is none of them.
std::string detect_file_type(std::string_view bytes);

// The type of `bytes` when it is one of `accepted`, else empty.
std::string accepted_file_type(std::string_view bytes, const std::vector<std::string>& accepted);

// The usual file extension of a type above ("pdf", "docx"…), or empty.
std::string file_extension(std::string_view type);

// An uploaded file's name as kept: without a client's folder, without control characters or quotes,
// trimmed (may be empty; the caller decides the fallback and the maximum length).
std::string clean_file_name(std::string_view raw);

// A Content-Disposition header value to download `file_name` as an attachment: an ASCII fallback
// name, and the real one percent-encoded (RFC 6266).
std::string attachment_disposition(std::string_view file_name);

}  // namespace trame::docs
