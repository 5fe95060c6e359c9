/**
 * Real Windows console output used as parser fixtures, copied byte for byte (trailing blanks
 * included) from public pages; each sample names the page it was taken from (an issue, a test
 * fixture or a manual), so it can be checked against its source.
 */

export interface Sample {
  source: string;
  text: string;
}

/** §1.1 https://github.com/hufrea/byedpi/issues/271 (real paste) */
export const scQueryRunning: Sample = {
  source: '§1.1 https://github.com/hufrea/byedpi/issues/271 (real paste)',
  text: 'SERVICE_NAME: ByeDPI\n        TYPE               : 10  WIN32_OWN_PROCESS\n        STATE              : 4  RUNNING\n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n',
};

/** §1.2 https://github.com/hfiref0x/VBoxHardenedLoader/issues/48 (real paste, trailing blanks kept) */
export const scQueryEnumStopPending: Sample = {
  source:
    '§1.2 https://github.com/hfiref0x/VBoxHardenedLoader/issues/48 (real paste, trailing blanks kept)',
  text: 'SERVICE_NAME: VBoxDrv\nDISPLAY_NAME: VirtualBox Service\n        TYPE               : 1  KERNEL_DRIVER  \n        STATE              : 3  STOP_PENDING \n                                (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n\nSERVICE_NAME: VBoxNetAdp\nDISPLAY_NAME: VirtualBox NDIS 6.0 Miniport Service\n        TYPE               : 1  KERNEL_DRIVER  \n        STATE              : 4  RUNNING \n                                (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n\nSERVICE_NAME: VBoxNetLwf\nDISPLAY_NAME: VirtualBox NDIS6 Bridged Networking Service\n        TYPE               : 1  KERNEL_DRIVER  \n        STATE              : 4  RUNNING \n                                (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n',
};

/** §1.2 https://github.com/hfiref0x/VBoxHardenedLoader/issues/48 (real paste, trailing blanks kept) */
export const scQueryEnumStopped: Sample = {
  source:
    '§1.2 https://github.com/hfiref0x/VBoxHardenedLoader/issues/48 (real paste, trailing blanks kept)',
  text: 'SERVICE_NAME: WPCSvc\nDISPLAY_NAME: Parental Controls\n        TYPE               : 20  WIN32_SHARE_PROCESS  \n        STATE              : 1  STOPPED \n        WIN32_EXIT_CODE    : 1077  (0x435)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n\nSERVICE_NAME: WPDBusEnum\nDISPLAY_NAME: Portable Device Enumerator Service\n        TYPE               : 20  WIN32_SHARE_PROCESS  \n        STATE              : 1  STOPPED \n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n\nSERVICE_NAME: ws2ifsl\nDISPLAY_NAME: Winsock IFS Driver\n        TYPE               : 1  KERNEL_DRIVER  \n        STATE              : 1  STOPPED \n        WIN32_EXIT_CODE    : 1077  (0x435)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n\nSERVICE_NAME: wscsvc\nDISPLAY_NAME: Security Center\n        TYPE               : 20  WIN32_SHARE_PROCESS  \n        STATE              : 4  RUNNING \n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n',
};

/** §1.3 https://github.com/ComodoSecurity/openedr/issues/2 (real paste, Spanish Windows) */
export const scQueryMissingEs: Sample = {
  source: '§1.3 https://github.com/ComodoSecurity/openedr/issues/2 (real paste, Spanish Windows)',
  text: 'Log: [SC] EnumQueryServicesStatus:OpenService ERROR 1060:\n\nEl servicio especificado no existe como servicio instalado.\n\n',
};

/** §1.3 rapid7/metasploit-framework lib/msf/core/post/windows/cli_parse.rb @0906c3a6 (code comment) */
export const scQueryMissingEn: Sample = {
  source:
    '§1.3 rapid7/metasploit-framework lib/msf/core/post/windows/cli_parse.rb @0906c3a6 (code comment)',
  text: '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n',
};

/** §1.4 https://github.com/ValdikSS/GoodbyeDPI/issues/440 (real paste, Windows 11 23H2) */
export const scStartWin11: Sample = {
  source: '§1.4 https://github.com/ValdikSS/GoodbyeDPI/issues/440 (real paste, Windows 11 23H2)',
  text: '[SC] OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n[SC] OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n[SC] CreateService SUCCESS\n[SC] ChangeServiceConfig2 SUCCESS\n\nSERVICE_NAME: GoodbyeDPI\n        TYPE               : 10  WIN32_OWN_PROCESS\n        STATE              : 4  RUNNING\n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n        PID                : 2148\n        FLAGS              :\n',
};

/** §1.4 https://github.com/ValdikSS/GoodbyeDPI/issues/544 (real paste, ru-RU: labels translated) */
export const scStartRu: Sample = {
  source:
    '§1.4 https://github.com/ValdikSS/GoodbyeDPI/issues/544 (real paste, ru-RU: labels translated)',
  text: '[SC] OpenService: ошибка: 1060:\nУказанная служба не установлена.\n[SC] OpenService: ошибка: 1060:\nУказанная служба не установлена.\n[SC] CreateService: успех\n[SC] ChangeServiceConfig2: успех\nИмя_службы: GoodbyeDPI\n        Тип                : 10  WIN32_OWN_PROCESS\n        Состояние          : 4  RUNNING\n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\n        Код_выхода_Win32   : 0  (0x0)\n        Код_выхода_службы  : 0  (0x0)\n        Контрольная_точка  : 0x0\n        Ожидание           : 0x0\n        ID_процесса        : 13688\n        Флаги              :\n',
};

/** §1.4 https://github.com/chengr28/Pcap_DNSProxy/issues/24 (real paste, zh-CN) */
export const scStartZh: Sample = {
  source: '§1.4 https://github.com/chengr28/Pcap_DNSProxy/issues/24 (real paste, zh-CN)',
  text: '[SC] OpenService 失败 1060:\n\n指定的服务未安装。\n\n[SC] OpenService 失败 1060:\n\n指定的服务未安装。\n\n[SC] CreateService 成功\n操作成功完成。\n操作成功完成。\n[SC] ChangeServiceConfig2 成功\n[SC] ChangeServiceConfig2 成功\n\nSERVICE_NAME: PcapDNSProxyService\n        TYPE               : 10  WIN32_OWN_PROCESS\n        STATE              : 2  START_PENDING\n                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x7d0\n        PID                : 6308\n        FLAGS              :\n\nWindows IP 配置\n\n已成功刷新 DNS 解析缓存。\n\n请按任意键继续. . .\n',
};

/** §1.4 https://github.com/chengr28/Pcap_DNSProxy/issues/24 (real paste, zh-CN) */
export const scStartZhAlreadyRunning: Sample = {
  source: '§1.4 https://github.com/chengr28/Pcap_DNSProxy/issues/24 (real paste, zh-CN)',
  text: '[SC] StartService 失败 1056:\n\n服务的实例已在运行中。\n',
};

/** §1.4 https://github.com/chengr28/Pcap_DNSProxy/issues/259 (real paste, zh-CN) */
export const scStartZhCheckpoint: Sample = {
  source: '§1.4 https://github.com/chengr28/Pcap_DNSProxy/issues/259 (real paste, zh-CN)',
  text: '[SC] OpenService 失败 1060:\n\n指定的服务未安装。\n\n[SC] OpenService 失败 1060:\n\n指定的服务未安装。\n\n错误: 没有找到进程 "Pcap_DNSProxy.exe"。\n[SC] CreateService 成功\n操作成功完成。\n操作成功完成。\n[Notice] Windows Firewall test is successful.\n[SC] ChangeServiceConfig2 成功\n[SC] ChangeServiceConfig2 成功\n\nSERVICE_NAME: PcapDNSProxyService\n        TYPE               : 10  WIN32_OWN_PROCESS\n        STATE              : 2  START_PENDING\n                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x2\n        WAIT_HINT          : 0x3e8\n        PID                : 7520\n        FLAGS              :\n',
};

/** §1.4 dotnet/docs docs/core/extensions/windows-service.md @02586b23 (doc, 4-blank indent, FLAGS without colon) */
export const scStartDoc: Sample = {
  source:
    '§1.4 dotnet/docs docs/core/extensions/windows-service.md @02586b23 (doc, 4-blank indent, FLAGS without colon)',
  text: 'SERVICE_NAME: .NET Joke Service\n    TYPE               : 10  WIN32_OWN_PROCESS\n    STATE              : 2  START_PENDING\n                            (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n    WIN32_EXIT_CODE    : 0  (0x0)\n    SERVICE_EXIT_CODE  : 0  (0x0)\n    CHECKPOINT         : 0x0\n    WAIT_HINT          : 0x7d0\n    PID                : 37636\n    FLAGS\n',
};

/** §3.1 dotnet/docs docs/core/extensions/windows-service.md @02586b23 (doc, 4-blank indent) */
export const scStopDoc: Sample = {
  source:
    '§3.1 dotnet/docs docs/core/extensions/windows-service.md @02586b23 (doc, 4-blank indent)',
  text: 'SERVICE_NAME: .NET Joke Service\n    TYPE               : 10  WIN32_OWN_PROCESS\n    STATE              : 3  STOP_PENDING\n                            (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\n    WIN32_EXIT_CODE    : 0  (0x0)\n    SERVICE_EXIT_CODE  : 0  (0x0)\n    CHECKPOINT         : 0x0\n    WAIT_HINT          : 0x0\n',
};

/** §3.2 https://github.com/0xrawsec/whids/issues/132 (real paste) */
export const scCreateExists: Sample = {
  source: '§3.2 https://github.com/0xrawsec/whids/issues/132 (real paste)',
  text: '[SC] CreateService FAILED 1073:\n\nThe specified service already exists.\n',
};

/** §3.4 https://github.com/gogs/docs/issues/254 (real paste) */
export const scStart1053: Sample = {
  source: '§3.4 https://github.com/gogs/docs/issues/254 (real paste)',
  text: '[SC] StartService FAILED 1053:\n\nThe service did not respond to the start or control request in a timely fashion.\n',
};

/** §3.4 https://github.com/chengr28/Pcap_DNSProxy/issues/400 (issue title, zh-CN) */
export const scStart1053ZhTitle: Sample = {
  source: '§3.4 https://github.com/chengr28/Pcap_DNSProxy/issues/400 (issue title, zh-CN)',
  text: '[SC] StartService 失败 1053: 服务没有及时响应启动或控制请求。\n',
};

/** §3.5 https://github.com/MicrosoftDocs/windowsserverdocs/issues/4420 (real paste) */
export const scConfig1059: Sample = {
  source: '§3.5 https://github.com/MicrosoftDocs/windowsserverdocs/issues/4420 (real paste)',
  text: 'sc.exe config lanmanworkstation depend= browser/mrxsmb20/nsi\n[SC] ChangeServiceConfig FAILED 1059:\nCircular service dependency was specified.\n',
};

/** §3.6 https://github.com/bartblaze/Disable-Intel-AMT/issues/3 (real paste) */
export const scConfigDelayedFlag1072: Sample = {
  source: '§3.6 https://github.com/bartblaze/Disable-Intel-AMT/issues/3 (real paste)',
  text: 'C:\\Windows\\system32>sc config LMS start=disabled\nDESCRIPTION:\n        Modifies a service entry in the registry and Service Database.\nUSAGE:\n        sc <server> config [service name] <option1> <option2>...\n\nOPTIONS:\nNOTE: The option name includes the equal sign.\n      A space is required between the equal sign and the value.\n type= <own|share|interact|kernel|filesys|rec|adapt>\n start= <boot|system|auto|demand|disabled|delayed-auto>\n error= <normal|severe|critical|ignore>\n binPath= <BinaryPathName>\n group= <LoadOrderGroup>\n tag= <yes|no>\n depend= <Dependencies(separated by / (forward slash))>\n obj= <AccountName|ObjectName>\n DisplayName= <display name>\n password= <password>\n\nC:\\Windows\\system32>sc config LMS start= disabled\n[SC] ChangeServiceConfig2 (delayed autostart flag) FAILED 1072:\n\nThe specified service has been marked for deletion.\n\nC:\\Windows\\system32>\n',
};

/** §3.7 https://github.com/mtkennerly/shawl/issues/11 (real paste, GBK decoded as UTF-8) */
export const scMojibake1072: Sample = {
  source: '§3.7 https://github.com/mtkennerly/shawl/issues/11 (real paste, GBK decoded as UTF-8)',
  text: '[ERROR] Failed to create the service. Error code: 1072.\n[ERROR] SC stdout:\n[SC] OpenSCManager ʧ�� 1072:\n\n�ܾ����ʡ�\n\n\n[ERROR] SC stderr:\n\n',
};

/** §7.1 monero-project/monero-site verification-allos-advanced.md @1d872a32 (user guide paste) */
export const certutilOldSha256: Sample = {
  source:
    '§7.1 monero-project/monero-site verification-allos-advanced.md @1d872a32 (user guide paste)',
  text: 'SHA256 hash of file monero-gui-win-x64-v0.12.0.0.zip:\n4b 9f 31 68 6e ca ad 97 cd b1 75 e6 57 4b f3 07 f8 d1 c4 10 42 78 25 f4 30 4c 21 da 8a ac 18 64\nCertUtil: -hashfile command completed successfully.\n',
};

/** §7.2 https://github.com/firemodels/fds/issues/14356 (real paste, Windows 11) */
export const certutilNewSha1: Sample = {
  source: '§7.2 https://github.com/firemodels/fds/issues/14356 (real paste, Windows 11)',
  text: 'SHA1 hash of FDS-6.10.0_SMV-6.10.0_win.exe:\nacf835d24ecec10f6df2568ae4e4c5e934f9a559\nCertUtil: -hashfile command completed successfully.\n',
};

/** §7.2 https://github.com/portapps/signal-portable/issues/29 (real paste) */
export const certutilNewMd5: Sample = {
  source: '§7.2 https://github.com/portapps/signal-portable/issues/29 (real paste)',
  text: 'C:\\Users\\weisst\\Downloads>certutil -hashfile c:\\Users\\weisst\\Downloads\\signal-desktop-win-5.38.0.exe MD5\nMD5 hash of c:\\Users\\weisst\\Downloads\\signal-desktop-win-5.38.0.exe:\n881c404448a1cea1e695fdd57f7b5b70\nCertUtil: -hashfile command completed successfully.\n',
};

/** §7.2 dotnet/docs docs/core/install/includes/verify-download-windows.md @126e1e1c (doc) */
export const certutilNewSha512: Sample = {
  source: '§7.2 dotnet/docs docs/core/install/includes/verify-download-windows.md @126e1e1c (doc)',
  text: '> certutil -hashfile dotnet-sdk-7.0.304-win-x64.exe SHA512\nSHA512 hash of dotnet-sdk-7.0.304-win-x64.exe:\n648732c79f6276c37a92e211b4c5b6cf84a0a54637c0f85949ced96d31838b43a4dcae905ef70bafbc9edd3542400746fb1e00c4c84679713e97219493a45938\nCertUtil: -hashfile command completed successfully.\n',
};

// Folder security as `Get-Acl` prints it (acl.ts). SDDL holds SIDs and codes only, so it reads the
// same in every display language; `icacls` would print translated account names instead.

/**
 * `Get-Acl | Format-List` of C:\Users\enterpriseadmin after a user was added (Windows 10, domain
 * member): owner SYSTEM, protected DACL, and a long Sddl value wrapped onto an indented line.
 * Pasted in https://www.linkedin.com/pulse/glad-see-you-domain-admin-sergey-budilov (Sergey
 * Budilov), printed by Hackplayers' Acl-FullControl.ps1.
 */
export const getAclWrappedSddl: Sample = {
  source: 'https://www.linkedin.com/pulse/glad-see-you-domain-admin-sergey-budilov (real paste)',
  text: 'Path   : Microsoft.PowerShell.Core\\FileSystem::C:\\Users\\enterpriseadmin\nOwner  : NT AUTHORITY\\SYSTEM\nGroup  : NT AUTHORITY\\SYSTEM\nAccess : NT AUTHORITY\\SYSTEM Allow  FullControl\n         BUILTIN\\Administrators Allow  FullControl\n         CLIENTWK222\\enterpriseadmin Allow  FullControl\n         CLIENTWK222\\enterpriseuser Allow  FullControl\nAudit  : \nSddl   : O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;S-1-5-21-3557295818-2536705713-589665162-1001)(A;OIC\n         I;FA;;;S-1-5-21-3557295818-2536705713-589665162-1004)\n\n\n\n',
};

/**
 * `Get-Acl | Format-List` of C:\users\administrator on a Windows Server 2019 domain controller
 * (HackTheBox "Return"): owner Administrators, inheritance off, SYSTEM and Administrators full
 * control, plus the local Administrator account (LA). A public walkthrough on GitHub (found by
 * code search; the output is Hackplayers' Acl-FullControl.ps1 printing Get-Acl,
 * https://github.com/Hackplayers/PsCabesha-tools/blob/master/Privesc/Acl-FullControl.ps1).
 */
export const getAclReturnAdministrator: Sample = {
  source:
    'HackTheBox Return walkthrough (public GitHub markdown), Get-Acl | Format-List via Acl-FullControl.ps1',
  text: 'Path   : Microsoft.PowerShell.Core\\FileSystem::C:\\users\\administrator\\\nOwner  : BUILTIN\\Administrators\nGroup  : NT AUTHORITY\\SYSTEM\nAccess : NT AUTHORITY\\SYSTEM Allow  FullControl\n         BUILTIN\\Administrators Allow  FullControl\n         RETURN\\Administrator Allow  FullControl\nAudit  :\nSddl   : O:BAG:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;LA)\n',
};

/**
 * The DACL a folder created under C:\ProgramData inherits, as `cacls <folder> /S` prints it
 * (the value between its quotes): every entry inherited (ID), BUILTIN\Users read and execute
 * plus (CI) create files and folders, CREATOR OWNER full control. Compared against in AWS's
 * CloudWatch agent permission fix (`cacls.exe "%ProgramData%\Amazon\AmazonCloudWatchAgent" /S`,
 * public script found by code search); the same string is recorded as measured in other public
 * projects' sources.
 */
export const caclsProgramDataChild: Sample = {
  source:
    'cacls "%ProgramData%\\Amazon\\AmazonCloudWatchAgent" /S as compared in the CloudWatch agent fix script',
  text: 'D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)',
};
