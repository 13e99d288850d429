# 한국어 (ko). Wants review by a native speaker before publication.

language-name = 한국어

page-number = { $page } / { $total }쪽
last-reviewed = 최종 검토일: { $date }
source = 출처: { $source }
web-page = 웹페이지: { $url }
also-in = 다른 언어: { $languages }
links-heading = 이 자료에 나오는 링크
figure = 그림: { $description }
image = 이미지
citation = 인용: { $citation }
link-note-document = 참고: { $title }

default-booklet-title = 환자 교육 자료집
contents = 목차
title-page = 속표지
online = 온라인: { $url }
figure-not-included = 그림: 이미지 미포함
untitled-document = 제목 없는 문서
part = 부
other-documents = 기타 문서
general = 일반
documents = 문서
notes = 주석
document-count = 문서 수: { $count }
part-count = 부 수: { $count }
list-separator = {", "}
