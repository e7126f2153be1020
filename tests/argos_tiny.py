"""A tiny but genuine Argos Translate package, built offline in tens of milliseconds, for tests and benchmarks.

The real zh->en package cannot be downloaded here, so tests exercise the real code path (package folder,
``metadata.json``, ``sentencepiece.model``, a CTranslate2 ``model/``) on a package built from nothing:

* a SentencePiece model trained on a few sentences of the article (Simplified Chinese, as the real
  ``translate-zh_en`` expects), with the pieces of :data:`TINY_OUTPUT` present;
* a one-layer CTranslate2 Transformer whose weights are written by hand so that, for *any* input, greedy or beam
  search emits the pieces of :data:`TINY_OUTPUT` and then ``</s>``. Every sublayer output is zeroed, the decoder
  token embeddings are zero, and a learned position table points step *t* at the *t*-th output piece through the
  output projection, so N inputs give N copies of a known output (random weights would babble for 256 tokens).

Nothing here imports argostranslate (tests must set its environment variables before it is imported).
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

TINY_OUTPUT = "Kling AI @brain_racked {user_name} 1.6"
"""What the tiny model answers to every input: a name, a handle and a placeholder with ``_`` (Argos' own
tokenizer would turn those into spaces), and a number."""

_MODEL_DIM = 32
_FFN_DIM = 64
_HEADS = 2
_MAX_STEPS = 256  # CTranslate2's default max_decoding_length: every step needs a row in the position table
_SIGNAL = 10.0

ARTICLE_SENTENCES: tuple[str, ...] = (
    '「快手,你是谁?',
    '从哪来?',
    '到哪去?',
    '」|在AI创造1亿营收后,快手的前路和野望',
    '情理之中,意料之外 ——快手在最近的财报电话会议上,提到了一百多次 AI。',
    '各种关于「快手,你是谁?',
    '从哪里来?',
    '要到哪里去?',
    '」的问题,接踵而来:',
    '快手究竟会成为一家怎样的公司?',
    '这是一家短视频公司?',
    '还是一家电商公司?',
    '或者说,它正在悄然转型成一家真正的 AI 科技企业?',
    '快手可灵 AI 的出现,正在以史无前例的速度,用 AI 全面渗透商业矩阵的每一个角落。',
    '自开始商业化以来,可灵 AI 业务的累积收入已经超过 1 亿元',
    '这个数字无疑震惊到了每一位想要参与分 AI 蛋糕的人,和餐桌外的观察者们',
    '可灵AI制作,来源:X 网友 @BennettWaisbren',
    '「土味」「接地气」「老铁 666」这些以往的快手的标签,正一一被 AI 赋能,成了快手新的科技明信片。',
    '2024 年,港股市场涌现了一批资本故事模版,小米押注智能汽车 + AI,快手则重推可灵 AI,并将 AI 赋能到内部各个事业条线和产品矩阵。',
    '小米 SU7 的销量超过预期,AI 战略也在全面推进。',
    '2024 年研发投入 241 亿元,同比大增 25.9%,无疑给所有小米信徒打了一针强心剂。',
    '卢伟冰也向外部透露,小米在 2021-2025 年研发总投入预计超 1000 亿元,2025 年将超 300 亿元,其中 25% 用于 AI 研发。',
    '并且,他还强调:AI 技术将落地于小米各终端产品,赋能「人车家全生态」。',
    '另一边,在 2024 年 6 月 6 日这一天,快手「可灵」视频生成大模型在官网正式上线,快影 App 作为体验入口开放邀测。',
    '在短短 1 个月内,基础模型加速升级,内测全面开放,同时会员体系正式上线 ——商业化的冲锋号吹响了。',
    '2024 年 6 月,可灵 AI 冲进了 AI 视频行业。',
    '在当时,可灵在全网热追的「威尔史密斯意大利面挑战」中的画面表现足以称得上优秀。',
    '作为一项席卷网络的趣味挑战,这一活动不仅吸引了无数网友的关注,还成为了测试 AI 视频生成能力的一个非官方标杆。',
    '刚出世的可灵,就已经在当时的全网热潮中脱颖而出,赢得好评',
    '来源:Reddit 网友 @r/ChatGPT',
    '杀入 AI 视频生成领域',
    '今年,多家头部互联网企业打出 「用 AI 作为业务新引擎」 的口号,或主动或被迫地拥抱 AI 热潮。',
    '快手的反应,足以称得上迅速,它俨然已经成为了先行者。',
    '从现在的时间点逆流分析的话,快手在最开始所做的决策 —— 推出可灵 AI,并下大功夫转换商业引擎用 AI 激活整个商业矩阵,无疑是正确无误的。',
    '这一点可以从几个数据清楚无误地判断而来:',
    '1. 可灵 AI 的技术实力、内容创作能力得到了市场认可,日均视频生成量超 3000 万条。',
    '2. 在商业应用中,快手 AIGC 营销素材日均消耗达 2000 万元',
    '大量资源的投入,成功地让可灵 AI 生猛地闯进了 2024 AI 视频模型之年。',
    '这一整年内,有多少家企业在斗兽场内角逐呢?',
    '我这里稍微举几个例子:Pika、Hailuo (Minimax)、Mochi、Adobe Firefly Video、Sora、Runway、Luma,还有在 2024 年 5 月的 Google I/O 大会上亮相的 Veo 系列(这也将会是可灵在未来几年中最强劲的对手)。',
    '当然,在这几家内,像是 Sora 还没有完成彻底的商业化。',
    '但无奈于 OpenAI 的名头太响,Sora 的发布即便悬而未决,也牵扯着全球范围内无数人的心。',
    '有着这把悬在所有视频模型厂商头上的「达摩克利斯之剑」,整个 AI 视频生成产业开始不断地向业务倾斜资源,加码资源。',
    '在这场足以称得上残酷的 「AI 视频模型军备竞赛」中,可灵的迭代迅速加快。',
    '正式亮相一个月内,快手可灵 AI 就经历了三次迭代更新。',
    '同时,申请用户数量已经接近 70 万。',
    '该如何形容这种整个行业内无尽的卷,所引出来视频质量进化呢?',
    '外网网友的惊呼最能够证明。',
    'X 上有一位 20 年 VFX 动画师 @brain_racked,总结了 2024 年 5 月的 Runway Gen-2 和 2025 年 1 月的可灵 1.6 的表现。',
    '短短数月内,文字响应度和画面的呈现效果发生了几乎可以称得上是质的进化',
    '来源:X 网友 @brain_racked',
    '可灵 1.6 在细节上的表现,比如人物与物品的交互、光影的过渡以及背景环境的协调性,都体现出它在图像生成领域的强大实力。',
    '即便各家 AI 视频模型已经在那片「焦土」里卷生卷死一年之久了。',
    '但是从大的时间跨度来看,基础技术都极为新颖,且正处于超快速的迭代开发周期中,在未来 1-2 年内仍将显著增强。',
    '无论国内外,AI 视频模型从不单独在生态结构中出现,各家模型都有其搭配内容生态的独特优势。',
    '可灵 AI 凭借其画面质量卓越、动态表现自然合理和文字遵循能力增强赢得了比赛前半程,但是其背后技术团队的迅速迭代和技术领先与性价比,将会快速补足快手的生态位。',
    '2024 年 8 月,快手正式打开 OpenAPI,面向 B 端发力。',
    '经过数个月的打磨,快手已经围绕可灵 AI,搭建好多端跨平台产品矩阵。',
    '由可灵作为内核的工作流已渐趋成熟,凭借高度性价比和低操作门槛,在外网牢牢占领了舆论阵地',
    '例如下面这段视频,X 上一位作者使用\xa0可灵 AI + Suno +Sora\xa0的组合,仅由业余创作者以 2-10 美元的云 GPU 成本制作而成。',
    '来源:X 网友 @@rohanpaul_ai',
    '来源:X 网友 @AleRVG',
    '再比如,用\xa0Magnific + Kling 1.6 + Freepik Upscale 4K+ 音效的组合,即可轻松实现「超现实水下视觉的电影」',
    '来源:X网友@MayorKingAI',
    '「若由一个团队或 2-3 名 AI 专业人士投入 1 万美元制作电影,其效果堪比百万美元预算的大片。',
    '」',
    '「《星球大战》制作成本高达数十亿美元,而现在 AI 视频创作者只需几美元就能制作这样的视频,只需使用 o3-mini-high 来编写脚本, Imagen 3 或 Flux pro 来制作图像,kling 1.6 用于视频…..」',
    '这些想法可能暂不成熟,但快速迭代的可灵 AI 恐怕难以让一众前沿评论者敢下「不可能」的断论。',
    'AI视频生成竞争日趋白热化',
    '2024 年年中之际,除了可灵 AI 之外,当属 Luma 和 Runway 这两大明星。',
    'Runway Gen-3 凭借细节和一致性,成为专业项目的选择;Luma Dream Machine 则更注重动作的自然流畅,视觉效果也极具吸引力。',
    '来源:X 网友 @mhdfaran',
    '虽然两者的技术都在快速发展,但是在视频基座模型的快速迭代这一行业背景下,这两家的更新速度似乎降了下来,显得有些放缓。',
    '年底,可灵 AI1.6、Google Veo 2 发布了。',
    'AI 视频生成领域迎来了两位新王,可灵 AI 也迎来了它最大的竞争对手。',
    'VEO2 生成视频,来源:X 网友 @8co28',
    '可灵 1.6 在 2024 年底发布后迅速提升了画面质量和动态表现,而 Veo 2 也在高分辨率和镜头控制上持续突破。',
    '相比之下,Luma 和 Runway 虽然在各自的强项(如 Luma 的动作流畅性和 Runway 的高保真画质)上仍具优势,但更新频率似乎未能完全跟上行业整体的加速步伐',
    '视频质量未得到明显提升的同时,价格仍较为高昂,一众 AI 玩家迅速开始流失。',
    '自此,AI 视频生成行业形成了 2 极多峰格局',
    'Google Veo-2 和可灵 AI 1.6 成了无可辩驳的双王。',
    '其他的视频模型,例如 Runway Gen-3、Pika、Luma Ray、MiniMax 等等,俨然成了吃尾气的选手。',
    '当然,透过不断的更新,这些稍显落后的竞争者也时常会出现一些亮点功能。',
    'Sora 就更不用提了,无数人等了多少个日日夜夜,没想到等来的产品如此的不满足预想……',
    '无论如何,Google Veo-2 和可灵 AI 1.6 在 AI 视频生成行业已经坐稳了宝座。',
    '虽然可灵 AI1.6 仍无法在生成质量上战胜 Veo-2,但是凭借海量用户积累,快手还是有点信心的。',
    '来源:X 网友 @HBCoop_',
    '除了可灵 AI ,快手还在打什么牌?',
    '可灵 AI 在场景化应用方面不断创新,包括虚拟数字人直播解决方案和 AIGC 短剧创作',
    '与此同时,《兴安岭诡事》、央视《中国神话》《美猴王》、抖音《三星堆:未来启示录》、周鸿祎《红衣大叔用 AI 带我穿越》等一众 AIGC 短剧也引发了关于「下一个 AI 风口在短剧」的猜测。',
    '快手也顺应了潮流,推出了首部 AIGC 微短剧《山海奇镜之劈波斩浪》。',
    '除开可灵之外,快手正在利用 AI 落地丰富的商业场景',
    '内容素材创作、电商导购、广告营销纷纷上了 AI 作为新引擎。',
    '• 2024 年,快手广告收入强劲增长,在线营销服务收入竟然达到了\xa0724.19亿元,同比增长 20.09%……',
    '• 磁力金牛作为智能投放工具,集成流量、数据和算法,实现从曝光到转化的全链路优化……',
    '• 2024 年第四季度 AIGC 营销素材日均消耗超 3000 万元……',
    '• 电商业务同样表现亮眼,24 年\xa0GMV 达 1.39 万亿元,同比增长 17.3%……',
    '这些数字无一不在说明:快手的 AI 引擎正在启动,并且将越来越快',
    '扎克伯格的 Facebook 后来者居上,因为他并不是技术至上主义者,他能够将社交网络从技术概念变成了 10 亿用户的现实。',
    '而时代轮转,DeepSeek 的出现却让这位 Meta 主理人成立「作战室」不得不快速解析 DeepSeek 的技术框架。',
    '纯粹的技术巅峰难以支撑每个时代每个节点的胜利,根据市场需求快速转动市场规模、成功商业化的能力可能更加适合这个极速变换的 AI 时代。',
    '简单即力量,生态即胜利。',
    '快手从 AI 突围,依托于 AI 全面渗透战略',
    '当传统商业引擎全面转向 AI 商业引擎,巨大的内容生态系统 + 庞大的忠实用户群赋予快手底气:所有的商业矩阵都可以用 AI 赋能一遍。',
    '当直播业务正面临被迫迅速收窄的市场犹疑时,快手正在用 AI 帮自己所有的业务突围,这场奇妙的化学反应值得全程观看。',
    '「土味」「超级下沉市场」「老铁」等标签曾经牢牢焊死在快手的身上,但\xa0AI 将转换快手的时空。',
    '当"土味"遇上前沿科技,当"老铁"拥抱AI创新,快手正在书写一个关于转型与突破的全新故事。',
    '这不仅是一家公司的进化,更是一场AI如何重塑传统内容平台的社会实验。',
    '在这个AI定义未来的时代,快手已经给出了自己的答案:它来自草根文化的沃土,如今正以AI为翼,充满野望,想要飞得更高。',
    '相关文章',
)


def build_tiny_package(directory: Path, *, from_code: str = "zh", to_code: str = "en",
                       package_version: str = "0.1", output: str = TINY_OUTPUT, babble: bool = False) -> Path:
    """Build ``translate-<from>_<to>`` in *directory* and return its ``.argosmodel`` (a zip of the folder).

    The unzipped package folder is left beside it, named ``translate-<from>_<to>-<version>``. With
    ``babble``, the weights are random (seeded): every input gets its own deterministic output, which is
    what a test needs to tell whether each output went back to its own input.
    """
    name = f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    folder = Path(directory) / name
    (folder / "model").mkdir(parents=True)
    sp_model = _train_sentencepiece(ARTICLE_SENTENCES[:30], output)
    (folder / "sentencepiece.model").write_bytes(sp_model)
    _build_ctranslate2_model(folder / "model", sp_model, output, babble=babble)
    (folder / "metadata.json").write_text(json.dumps({
        "package_version": package_version, "argos_version": "1.9", "type": "translate",
        "from_code": from_code, "from_name": "Chinese", "to_code": to_code, "to_name": "English",
    }, indent=2), encoding="utf-8")
    return zip_package(folder)


def zip_package(folder: Path) -> Path:
    """Zip a package folder *with* its top-level folder, as Argos expects of an ``.argosmodel``."""
    archive = folder.with_suffix(".argosmodel")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, path.relative_to(folder.parent).as_posix())
    return archive


def _train_sentencepiece(sentences: Sequence[str], output: str) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([*sentences, output]), model_writer=model, model_type="unigram",
        vocab_size=400, hard_vocab_limit=False, character_coverage=1.0, minloglevel=2,
        user_defined_symbols=["Kling", "@brain_racked", "{user_name}"])
    return model.getvalue()


def _build_ctranslate2_model(model_dir: Path, sp_model: bytes, output: str, babble: bool = False) -> None:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]  # starts <unk> <s> </s>
    output_ids = [vocabulary.index(piece) for piece in sp.encode(output, out_type=str)] + [vocabulary.index("</s>")]
    if len(output_ids) > _MODEL_DIM:
        raise ValueError(f"output needs {len(output_ids)} steps, the tiny model has {_MODEL_DIM}")

    d, f, v = _MODEL_DIM, _FFN_DIM, len(vocabulary)
    spec = fixed_output_spec(vocabulary, vocabulary, output_ids, d=d, f=f, layers=1, heads=_HEADS)
    if babble:
        _randomise(spec, v, d, f)

    spec.validate()
    spec.save(str(model_dir))


def fixed_output_spec(source_vocabulary: list[str], target_vocabulary: list[str],
                      output_ids: list[int], *, d: int, f: int, layers: int, heads: int) -> object:
    """A Transformer spec that emits ``output_ids`` for any input (see the module docstring for how)."""
    import numpy as np

    with _torch_hidden():
        from ctranslate2.specs import TransformerSpec

    zeros = lambda *shape: np.zeros(shape, dtype=np.float32)  # noqa: E731
    spec = TransformerSpec.from_config(layers, heads)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = np.random.default_rng(0).normal(0, 0.1, (len(source_vocabulary), d)) \
        .astype(np.float32)
    decoder.embeddings.weight = zeros(len(target_vocabulary), d)  # the output must not depend on what was emitted...

    # ...but on the step only: step t lights dimension t, which the projection maps to the t-th output piece.
    steps = zeros(_MAX_STEPS, d)
    projection = zeros(len(target_vocabulary), d)
    for step, piece_id in enumerate(output_ids):
        steps[step, step] = _SIGNAL
        projection[piece_id, step] = _SIGNAL
    steps[len(output_ids):, len(output_ids) - 1] = _SIGNAL  # past the end, keep asking for </s>
    decoder.position_encodings.encodings = steps
    decoder.projection.weight = projection

    for layer_norm in _layer_norms(spec):
        layer_norm.gamma, layer_norm.beta = np.ones(d, np.float32), zeros(d)
    for layer in encoder.layer:
        _silence(layer.self_attention.linear, (3 * d, d), (d, d))
        _silence([layer.ffn.linear_0, layer.ffn.linear_1], (f, d), (d, f))
    for layer in decoder.layer:
        _silence(layer.self_attention.linear, (3 * d, d), (d, d))
        _silence(layer.attention.linear, (d, d), (2 * d, d), (d, d))
        _silence([layer.ffn.linear_0, layer.ffn.linear_1], (f, d), (d, f))
    spec.register_source_vocabulary(source_vocabulary)
    spec.register_target_vocabulary(target_vocabulary)
    return spec


def _randomise(spec: object, v: int, d: int, f: int) -> None:
    """Seeded random weights everywhere: the output depends on the input (and is nonsense)."""
    import numpy as np

    rng = np.random.default_rng(1)
    normal = lambda *shape: rng.normal(0, 0.5, shape).astype(np.float32)  # noqa: E731
    encoder, decoder = spec.encoder, spec.decoder
    decoder.embeddings.weight = normal(v, d)
    decoder.position_encodings.encodings = normal(_MAX_STEPS, d)
    decoder.projection.weight = normal(v, d)
    for layer in encoder.layer:
        layer.self_attention.linear[0].weight, layer.self_attention.linear[1].weight = normal(3 * d, d), normal(d, d)
        layer.ffn.linear_0.weight, layer.ffn.linear_1.weight = normal(f, d), normal(d, f)
    for layer in decoder.layer:
        layer.self_attention.linear[0].weight, layer.self_attention.linear[1].weight = normal(3 * d, d), normal(d, d)
        attention = layer.attention.linear
        attention[0].weight, attention[1].weight, attention[2].weight = normal(d, d), normal(2 * d, d), normal(d, d)
        layer.ffn.linear_0.weight, layer.ffn.linear_1.weight = normal(f, d), normal(d, f)


def _silence(linears: Sequence[object], *shapes: tuple[int, int]) -> None:
    """Zero a sublayer: its last linear writes nothing into the residual stream, so the layer is an identity."""
    import numpy as np

    for linear, shape in zip(linears, shapes, strict=True):
        linear.weight = np.zeros(shape, dtype=np.float32)


def _layer_norms(spec: object) -> Iterator[object]:
    seen: set[int] = set()

    def walk(node: object) -> Iterator[object]:
        if id(node) in seen or not hasattr(node, "__dict__"):
            return
        seen.add(id(node))
        if hasattr(node, "gamma") and hasattr(node, "beta"):
            yield node
        for child in vars(node).values():
            for item in child if isinstance(child, list) else [child]:
                yield from walk(item)

    return walk(spec)


@contextlib.contextmanager
def _torch_hidden() -> Iterator[None]:
    """Import ctranslate2.specs without torch (1.4 s, 200 MB): it only wants torch to accept torch tensors."""
    if "torch" in sys.modules or "ctranslate2.specs" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        yield
    finally:
        del sys.modules["torch"]
