# العربية (ar). Wants review by a native speaker before publication.

language-name = العربية

page-number = الصفحة { $page } من { $total }
last-reviewed = آخر مراجعة: { $date }
source = المصدر: { $source }
web-page = صفحة الويب: { $url }
also-in = متوفر أيضًا باللغة: { $languages }
links-heading = الروابط الواردة في هذه النشرة
figure = شكل: { $description }
image = صورة
citation = المرجع: { $citation }
link-note-document = انظر: { $title }

default-booklet-title = كتيب تثقيف المرضى
contents = المحتويات
title-page = صفحة العنوان
online = على الإنترنت: { $url }
figure-not-included = شكل: الصورة غير مضمنة
untitled-document = مستند بلا عنوان
part = الجزء
other-documents = مستندات أخرى
general = عام
documents = المستندات
notes = ملاحظات
document-count = عدد المستندات: { $count }
part-count = عدد الأجزاء: { $count }
list-separator = {"، "}
