# 简体中文 (zh-Hans). Wants review by a native speaker before publication.

language-name = 简体中文

page-number = 第 { $page } 页，共 { $total } 页
last-reviewed = 最后审核：{ $date }
source = 来源：{ $source }
web-page = 网页：{ $url }
also-in = 其他语言版本：{ $languages }
links-heading = 本资料中的链接
figure = 图：{ $description }
image = 图片
citation = 引用：{ $citation }
link-note-document = 参见：{ $title }

default-booklet-title = 患者教育手册
contents = 目录
title-page = 扉页
online = 在线：{ $url }
figure-not-included = 图：未包含图片
untitled-document = 无标题文档
part = 部分
other-documents = 其他文档
general = 综合
documents = 文档
notes = 注释
document-count = 文档数：{ $count }
part-count = 部分数：{ $count }
list-separator = {"、"}
