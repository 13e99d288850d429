# Tiếng Việt (vi). Wants review by a native speaker before publication.

language-name = Tiếng Việt

page-number = Trang { $page } / { $total }
last-reviewed = Xem xét lần cuối: { $date }
source = Nguồn: { $source }
web-page = Trang web: { $url }
also-in = Cũng có bằng: { $languages }
links-heading = Các liên kết trong tài liệu này
figure = Hình: { $description }
image = Hình ảnh
citation = Trích dẫn: { $citation }
link-note-document = xem: { $title }

default-booklet-title = Tài liệu giáo dục bệnh nhân
contents = Mục lục
title-page = Trang tên sách
online = Trực tuyến: { $url }
figure-not-included = Hình: không kèm hình ảnh
untitled-document = Tài liệu không có tiêu đề
part = Phần
other-documents = Tài liệu khác
general = Tổng quát
documents = Tài liệu
notes = Ghi chú
document-count = Số tài liệu: { $count }
part-count = Số phần: { $count }
list-separator = {", "}
