// Charsets as the openbmc list really carries them (Chinese corporate mailers, Outlook, QQ
// mail, a Russian MUA). Expected strings were checked by eye against Python's email package
// (which is worse on Big5: it lacks the HKSCS/cp950 characters WHATWG's big5 decodes).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseMessage } from '../../src/mail/parse.ts';
import { needsOpenbmc, openbmcMessage } from './openbmc.ts';

async function message(id: string) {
  const parsed = await parseMessage(openbmcMessage(id));
  assert.equal(parsed.messageId, id);
  assert.deepEqual(parsed.flags, []);
  return parsed;
}

describe('openbmc corpus charsets', needsOpenbmc, () => {
  test('gb18030: encoded-word subject split over three words, QQ mail body', async () => {
    const m = await message('tencent_34EA53595EFE6AF25F53F427650E7D1F1708@qq.com');
    assert.equal(
      m.subject,
      '回复： how can i use ipmitool to interact with openbmc which boot from qemu-system-arm',
    );
    assert.equal(m.from?.name, '南野ムルシエラゴ');
    assert.match(m.text, /------------------ 原始邮件 ------------------/);
    assert.match(m.text, /发送时间: 2019年9月26日\(星期四\) 晚上10:30/);
    assert.doesNotMatch(m.text, /\ufffd/);
  });

  test('big5: Outlook subject and body', async () => {
    const m = await message('DM6PR08MB551464D29CE9BD91FFE1B20ADCE69@DM6PR08MB5514.namprd08.prod.outlook.com');
    assert.equal(
      m.subject,
      "回覆: [x86-power-control]: press the power button for a long time that can't force turn off system power",
    );
    assert.match(m.text, /寄件日期: 2021年7月24日 上午 04:36/);
    assert.match(m.text, /主旨: Re: \[x86-power-control\]/);
  });

  test('big5: display name with parentheses inside the encoded word', async () => {
    const m = await message('f68b269b1a854bfabfb021c1ae1955cc@quantatw.com');
    assert.deepEqual(m.from, { name: 'Will Liang (梁永鉉)', address: 'Will.Liang@quantatw.com' });
  });

  test('big5: a character Python cannot decode (HKSCS) comes out right', async () => {
    const m = await message('2ea02fe94323438fbc4cec4e62c242c4@intel.com');
    assert.doesNotMatch(m.text, /\ufffd/);
  });

  test('iso-2022-jp: recall notice, subject and body', async () => {
    const m = await message('HK0PR03MB5123490BEC19882216BC206BDFB90@HK0PR03MB5123.apcprd03.prod.outlook.com');
    assert.equal(m.subject, '回收: phosphor-ipmi-flash: A problem in BMC FW update over LPC');
    assert.match(
      m.text,
      /CS20 CTCchien 希望回收這封郵件 \[phosphor-ipmi-flash: A problem in BMC FW update over LPC\]。/,
    );
  });

  test('iso-2022-jp: subject split over two words', async () => {
    const m = await message('DM6PR08MB489070225D91096CF92BBFDFC0509@DM6PR08MB4890.namprd08.prod.outlook.com');
    assert.equal(m.subject, '回覆: [PATCH linux dev-5.10] nuvoton-npcm730-kudo');
  });

  test('koi8-r: Russian quoted header block in the body', async () => {
    const m = await message('1d2f080689bc4e4f839c95717f24377e@yadro.com');
    assert.match(m.text, /Отправлено: 25 марта 2020 г\. 11:19:29/);
    assert.match(m.text, /Кому: openbmc@lists\.ozlabs\.org/);
    assert.match(m.text, /24\.03\.2020 21:11, James Mihm пишет:/);
  });

  test('gbk: Q-encoded subject with full-width parentheses', async () => {
    const m = await message('2b2bed16.185b.1719064112f.Coremail.slm_8269@163.com');
    assert.equal(m.subject, 'how run （export TEMPLATECONF=meta-ibm/meta-romulus/conf ） on evb2500 board');
  });

  test('a reply quoting a Message-ID with junk after its brackets still points at its parent', async () => {
    // parent: `Message-ID: <1572938079818…@android.mail.163.com>+4075DA63F0F3317D`
    const parent = await message('1572938079818.42fm4q0m3erbrz5x4qk0iu1w@android.mail.163.com');
    // reply: `In-Reply-To: <<1572938079818…@android.mail.163.com>+4075DA63F0F3317D>`
    const reply = await message('CAF4AE00-1D3C-40EE-8850-769D3053DFE8@fb.com');
    assert.equal(reply.inReplyTo, parent.messageId);
    assert.ok(reply.references.includes(parent.messageId));
  });
});
